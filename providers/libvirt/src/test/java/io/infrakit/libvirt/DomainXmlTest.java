package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.libvirt.InstanceMetadata.VolumeRef;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DomainXmlTest {

    private final PropertiesReader reader = new PropertiesReader(new ObjectMapper());

    @Test
    void seedSpecRendersEverySection() throws Exception {
        LibvirtProperties p = reader.read(Specs.seedExample().properties());
        InstanceMetadata meta = new InstanceMetadata("db-1", Map.of("custom.tag1", "kvm"), List.of(new VolumeRef("default", "x-cidata.iso")));
        String xml = DomainXml.render("infrakit-12345678", p.domain(), meta,
                List.of(DomainXml.ExtraDisk.cidata("/var/lib/libvirt/images/infrakit-12345678-cidata.iso", "sda")));
        Document doc = Xml.parse(xml);

        assertThat(x(doc, "/domain/@type")).isEqualTo("qemu");
        assertThat(x(doc, "/domain/name")).isEqualTo("infrakit-12345678");
        assertThat(x(doc, "/domain/memory")).isEqualTo("256");
        assertThat(x(doc, "/domain/memory/@unit")).isEqualTo("MiB");
        assertThat(x(doc, "/domain/vcpu")).isEqualTo("1");
        assertThat(x(doc, "/domain/os/type")).isEqualTo("hvm");
        assertThat(x(doc, "/domain/os/type/@machine")).isEqualTo("pc-i440fx-2.8");
        assertThat(x(doc, "/domain/os/type/@arch")).isEqualTo("x86_64");
        assertThat(x(doc, "/domain/os/kernel")).isEqualTo("/var/lib/libvirt/boot/infrakit/vmlinuz");
        assertThat(x(doc, "/domain/os/initrd")).isEqualTo("/var/lib/libvirt/boot/infrakit/initramfs.gz");
        assertThat(x(doc, "/domain/os/cmdline")).isEqualTo("console=ttyS0 quiet no_timer_check");
        assertThat(x(doc, "/domain/os/boot/@dev")).isEqualTo("hd");
        assertThat(x(doc, "/domain/os/bios/@useserial")).isEqualTo("yes");
        assertThat(x(doc, "/domain/os/bios/@rebootTimeout")).isEqualTo("1000");
        assertThat(x(doc, "/domain/on_crash")).isEqualTo("destroy");
        assertThat(x(doc, "/domain/on_poweroff")).isEqualTo("destroy");
        assertThat(x(doc, "/domain/on_reboot")).isEqualTo("restart");
        assertThat(x(doc, "/domain/devices/interface/@type")).isEqualTo("user");
        assertThat(x(doc, "/domain/devices/interface/model/@type")).isEqualTo("virtio");
        assertThat(x(doc, "/domain/devices/serial/@type")).isEqualTo("pty");
        assertThat(x(doc, "/domain/devices/serial/target/@port")).isEqualTo("0");
        assertThat(x(doc, "/domain/devices/serial/log/@file")).isEqualTo("/var/log/libvirt/qemu/infrakit-12345678-console.log");
        assertThat(x(doc, "count(/domain/devices/serial/log/@append)")).isEqualTo("0");
        assertThat(x(doc, "/domain/devices/console/target/@type")).isEqualTo("serial");
        assertThat(x(doc, "/domain/devices/console/target/@port")).isEqualTo("0");
        assertThat(x(doc, "/domain/devices/channel/@type")).isEqualTo("unix");
        assertThat(x(doc, "/domain/devices/channel/source/@mode")).isEqualTo("bind");
        assertThat(x(doc, "/domain/devices/channel/target/@name")).isEqualTo("org.qemu.guest_agent.0");
        assertThat(x(doc, "/domain/devices/disk[@device='cdrom']/source/@file")).isEqualTo("/var/lib/libvirt/images/infrakit-12345678-cidata.iso");
        assertThat(x(doc, "/domain/devices/disk[@device='cdrom']/target/@bus")).isEqualTo("sata");
        assertThat(x(doc, "count(/domain/devices/disk[@device='cdrom']/readonly)")).isEqualTo("1");

        assertThat(x(doc, "count(/domain/features)")).as("no Features, no element").isEqualTo("0");

        assertThat(InstanceMetadata.fromDomainXml(doc)).isEqualTo(meta);
    }

    @Test
    void valuesAreEscapedAndMetadataRoundTripsAnyText() throws Exception {
        Map<String, String> tags = Map.of("weird <key> & \"q\"", "va'l<ue>&amp;", "infrakit.group", "g1", "unicode", "żółw 🐢");
        InstanceMetadata meta = new InstanceMetadata("pet-\"1\"</logical-id>", tags, List.of());
        LibvirtProperties p = reader.read(Specs.testDriverProperties());
        String xml = DomainXml.render("infrakit-00000001", p.domain(), meta, List.of());

        Document doc = Xml.parse(xml);
        assertThat(InstanceMetadata.fromDomainXml(doc)).isEqualTo(meta);
        Element root = (Element) doc.getElementsByTagNameNS(InstanceMetadata.NAMESPACE, "instance").item(0);
        assertThat(root.getParentNode().getNodeName()).isEqualTo("metadata");
    }

    @Test
    void fragmentForSetMetadataHasNoNamespaceAndParses() {
        InstanceMetadata meta = new InstanceMetadata(null, Map.of("a", "b"), List.of(new VolumeRef("p", "v")));
        String fragment = meta.toFragment();
        assertThat(fragment).startsWith("<instance>").doesNotContain("xmlns");
        assertThat(fragment).contains("<tag key=\"a\">b</tag>", "<volume name=\"v\" pool=\"p\"/>");
    }

    @Test
    void unquotedYamlYesIsStillYesAndIdPlaceholderIsFilledIn() throws Exception {
        LibvirtProperties p = reader.read(Specs.yaml("""
                Domain:
                  Type: qemu
                  Memory: {Unit: MiB, Value: 128}
                  OS: {Kernel: /k, BIOS: {UseSerial: yes}}
                  Devices:
                    Serials: [{Type: file, Source: {Path: "/var/log/{{.ID}}.log"}}]
                """));
        Document doc = Xml.parse(DomainXml.render("infrakit-abcdef01", p.domain(), new InstanceMetadata(null, Map.of(), List.of()), List.of()));
        assertThat(x(doc, "/domain/os/bios/@useserial")).isEqualTo("yes");
        assertThat(x(doc, "/domain/devices/serial/source/@path")).isEqualTo("/var/log/infrakit-abcdef01.log");
    }

    @Test
    void domainsWithoutOurMetadataAreNotOurs() {
        Document doc = Xml.parse("<domain type='test'><name>test</name><metadata><other xmlns='urn:x'/></metadata></domain>");
        assertThat(InstanceMetadata.fromDomainXml(doc)).isNull();
    }

    @Test
    void featuresBecomeEmptyElements() throws Exception {
        var props = (com.fasterxml.jackson.databind.node.ObjectNode) Specs.seedExample().properties().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) props.path("Domain")).set("Features", Specs.yaml("[acpi, apic]"));
        LibvirtProperties p = reader.read(props);
        Document doc = Xml.parse(DomainXml.render("infrakit-1", p.domain(), new InstanceMetadata("a", Map.of(), List.of()), List.of()));
        assertThat(x(doc, "count(/domain/features/*)")).isEqualTo("2");
        assertThat(x(doc, "count(/domain/features/acpi)")).isEqualTo("1");
        assertThat(x(doc, "count(/domain/features/apic)")).isEqualTo("1");
    }

    private static String x(Document doc, String path) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(path, doc, XPathConstants.STRING);
    }
}
