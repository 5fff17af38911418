package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesReaderTest {

    private final PropertiesReader reader = new PropertiesReader(new ObjectMapper());

    @Test
    void seedSpecFromTheUserReportValidates() throws Exception {
        LibvirtProperties p = reader.read(Specs.seedExample().properties());
        assertThat(p.seedPool()).isEqualTo("default");
        assertThat(p.domain().type()).isEqualTo("qemu");
        assertThat(p.domain().os().boot()).extracting(LibvirtProperties.Boot::dev).containsExactly("hd");
        assertThat(p.domain().os().bios().useSerial()).isEqualTo("yes");
        assertThat(p.domain().devices().consoles().get(0).target().name()).isEqualTo("0");
        assertThat(p.domain().devices().channels().get(0).target().name()).isEqualTo("org.qemu.guest_agent.0");
    }

    @Test
    void unknownFieldIsNamedByItsPathWithTheKnownFields() throws Exception {
        ObjectNode props = (ObjectNode) Specs.seedExample().properties();
        ObjectNode nic = (ObjectNode) props.at("/Domain/Devices/Interfaces/0");
        nic.set("Modle", nic.remove("Model"));

        assertThatThrownBy(() -> reader.read(props))
                .isInstanceOf(PluginException.class)
                .hasMessage("invalid libvirt Properties: Domain.Devices.Interfaces[0].Modle: unknown field; known: Type, Source, Model");
    }

    @Test
    void wrongTypeIsNamedByItsPath() throws Exception {
        ObjectNode props = (ObjectNode) Specs.seedExample().properties();
        ((ObjectNode) props.at("/Domain/Memory")).put("Value", "lots");
        assertThatThrownBy(() -> reader.read(props))
                .hasMessageContaining("Domain.Memory.Value: 'lots' is not a valid whole number");

        ObjectNode props2 = (ObjectNode) Specs.seedExample().properties();
        ((ObjectNode) props2.at("/Domain")).put("Devices", "none");
        assertThatThrownBy(() -> reader.read(props2))
                .hasMessageContaining("Domain.Devices: ")
                .hasMessageContaining("Disks, Interfaces, Serials, Consoles, Channels");
    }

    @Test
    void badValuesAreAllListedWithPathValueAndChoices() throws Exception {
        var props = Specs.yaml("""
                Domain:
                  Type: vmware
                  Memory: {Unit: GB-ish, Value: 0}
                  OS:
                    Kernel: relative/vmlinuz
                    Boot: [{Dev: hd}, {Dev: usbstick}]
                  Features: [acpi, turbo]
                  Devices:
                    Interfaces:
                    - Type: bridge
                    Channels:
                    - Type: unix
                  OnCrash: explode
                """);
        assertThatThrownBy(() -> reader.read(props))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("Domain.Type: 'vmware' is not one of hvf, kvm, lxc, qemu, test, xen")
                .hasMessageContaining("Domain.Memory.Value: '0' must be a whole number > 0")
                .hasMessageContaining("Domain.Memory.Unit: 'GB-ish' is not one of")
                .hasMessageContaining("Domain.OS.Kernel: 'relative/vmlinuz' must be an absolute path")
                .hasMessageContaining("Domain.OS.Boot[1].Dev: 'usbstick' is not one of cdrom, fd, hd, network")
                .hasMessageContaining("Domain.Features[1]: 'turbo' is not one of acpi, apic, hap, pae, pmu, privnet, viridian")
                .hasMessageContaining("Domain.Devices.Interfaces[0].Source.Bridge: missing")
                .hasMessageContaining("Domain.Devices.Channels[0].Target: missing")
                .hasMessageContaining("Domain.OnCrash: 'explode' is not one of");
    }

    @Test
    void missingDomainAndNonObjectPropertiesAreRefused() throws Exception {
        assertThatThrownBy(() -> reader.read(null)).hasMessageContaining("Properties are missing");
        assertThatThrownBy(() -> reader.read(Specs.yaml("[1, 2]"))).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> reader.read(Specs.yaml("MetadataStoragePool: default"))).hasMessageContaining("Domain: missing");
        assertThatThrownBy(() -> reader.read(Specs.yaml("Domian: {}")))
                .hasMessageContaining("Domian: unknown field; known: MetadataStoragePool, RootDisk, Domain");
    }

    @Test
    void rootDiskNeedsPoolAndBaseVolume() throws Exception {
        var props = Specs.yaml("""
                RootDisk: {Capacity: {Unit: GiB, Value: 4}}
                Domain: {Type: qemu, Memory: {Unit: MiB, Value: 256}}
                """);
        assertThatThrownBy(() -> reader.read(props))
                .hasMessageContaining("RootDisk.Pool: missing")
                .hasMessageContaining("RootDisk.BaseVolume: missing");
    }
}
