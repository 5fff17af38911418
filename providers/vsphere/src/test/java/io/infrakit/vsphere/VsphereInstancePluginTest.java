package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.Soap;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.XmlNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Instance plugin against vcsim: provision from a template and from an ISO, tags, label, destroy, pets, Validate. */
class VsphereInstancePluginTest {

    private final ObjectMapper json = new ObjectMapper();
    private VsphereInstancePlugin plugin;
    private final List<String> made = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    @BeforeEach
    void start() {
        Vcsim.require();
        plugin = new VsphereInstancePlugin(Vcsim.options());
    }

    @AfterEach
    void stop() {
        if (plugin == null) {
            return;
        }
        for (String id : made) {
            try {
                plugin.destroy(id, null);
            } catch (PluginException ignored) {
                // already gone
            }
        }
        plugin.close();
        try (Behind admin = new Behind()) { // vcsim outlives the run: leave no folders behind
            groups.forEach(admin::removeFolder);
        }
    }

    static ObjectNode templateProps(ObjectMapper json, String template) {
        return json.createObjectNode().put("Datacenter", Vcsim.DATACENTER).put("Datastore", Vcsim.DATASTORE)
                .put("Hostname", Vcsim.HOSTNAME).put("Template", template).put("PowerOn", true);
    }

    private String provision(JsonNode props, Map<String, String> tags, String init, String logical) {
        groups.add(tags.get(Tags.GROUP));
        String id = plugin.provision(new InstanceSpec(props, tags, init, logical, null));
        made.add(id);
        return id;
    }

    private ObjectContent vm(String id, String... paths) {
        return plugin.client().retrieve(PropertySpecs.object(Moref.vm(id), List.of(paths))).getFirst();
    }

    @Test
    void provisionsFromATemplateIntoTheGroupsFolderTaggedAndRunningWithInitAsUserData() {
        String group = Vcsim.unique("web");
        String id = provision(templateProps(json, Vcsim.TEMPLATE), Map.of(Tags.GROUP, group, "tier", "front"), "#!/bin/sh\necho hi\n", null);

        VimClient c = plugin.client();
        Moref folder = c.findByInventoryPath(Vcsim.DATACENTER + "/vm/" + group).orElseThrow();
        ObjectContent vm = vm(id, "name", "parent", "runtime.powerState", "config.extraConfig", "runtime.host");
        assertThat(vm.ref("parent")).isEqualTo(folder);
        assertThat(vm.text("name")).startsWith(group + "-");
        assertThat(vm.text("runtime.powerState")).isEqualTo("poweredOn");
        Map<String, String> extra = new java.util.HashMap<>();
        for (XmlNode o : vm.items("config.extraConfig")) {
            extra.put(o.text("key"), o.text("value"));
        }
        assertThat(new String(Base64.getDecoder().decode(extra.get("guestinfo.userdata")), StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(extra).containsEntry("guestinfo.userdata.encoding", "base64");

        List<InstanceDescription> listed = plugin.describeInstances(Map.of(Tags.GROUP, group), false);
        assertThat(listed).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.tags()).containsEntry(Tags.GROUP, group).containsEntry("tier", "front")
                    .doesNotContainKey(CustomFields.POWER_ON);
            assertThat(d.properties()).isNull();
        });
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group, "tier", "back"), false)).isEmpty();
        JsonNode props = plugin.describeInstances(Map.of(Tags.GROUP, group), true).getFirst().properties();
        assertThat(props.path("PowerState").asText()).isEqualTo("poweredOn");
        assertThat(props.path("Name").asText()).isEqualTo(vm.text("name"));
    }

    @Test
    void provisionsFromAnIsoWithMemoryCpusAndNetwork() {
        String group = Vcsim.unique("iso");
        ObjectNode props = json.createObjectNode().put("Datacenter", Vcsim.DATACENTER).put("Datastore", Vcsim.DATASTORE)
                .put("Hostname", Vcsim.HOSTNAME).put("Network", Vcsim.NETWORK).put("Memory", 1024).put("CPUs", 2)
                .put("ISOPath", Vcsim.ISO).put("PowerOn", false);
        String id = provision(props, Map.of(Tags.GROUP, group), "", null);
        ObjectContent vm = vm(id, "config.hardware.memoryMB", "config.hardware.numCPU", "config.hardware.device", "runtime.powerState", "network");
        assertThat(vm.text("config.hardware.memoryMB")).isEqualTo("1024");
        assertThat(vm.text("config.hardware.numCPU")).isEqualTo("2");
        assertThat(vm.text("runtime.powerState")).isEqualTo("poweredOff");
        Optional<XmlNode> cdrom = vm.items("config.hardware.device").stream().filter(d -> "VirtualCdrom".equals(d.xsiType())).findFirst();
        assertThat(cdrom).get().satisfies(d -> assertThat(d.child("backing").orElseThrow().text("fileName"))
                .isEqualTo("[" + Vcsim.DATASTORE + "] " + Vcsim.ISO));
        assertThat(vm.items("config.hardware.device")).anySatisfy(d -> assertThat(d.xsiType()).isEqualTo("VirtualVmxnet3"));
        assertThat(vm.refs("network")).singleElement().extracting(Moref::type).isEqualTo("Network");
        // Powered off by design (PowerOn false): still a member.
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).extracting(InstanceDescription::id).containsExactly(id);
    }

    @Test
    void anIsoVmJoinsADistributedPortGroup() {
        String group = Vcsim.unique("dvpg");
        ObjectNode props = json.createObjectNode().put("Datastore", Vcsim.DATASTORE).put("Cluster", Vcsim.CLUSTER)
                .put("Network", Vcsim.DISTRIBUTED_PORTGROUP).put("ISOPath", Vcsim.ISO);
        String id = provision(props, Map.of(Tags.GROUP, group), "", null);
        ObjectContent vm = vm(id, "config.hardware.device", "network");
        assertThat(vm.items("config.hardware.device")).filteredOn(d -> "VirtualVmxnet3".equals(d.xsiType())).singleElement()
                .satisfies(d -> {
                    XmlNode backing = d.child("backing").orElseThrow();
                    assertThat(backing.xsiType()).isEqualTo("VirtualEthernetCardDistributedVirtualPortBackingInfo");
                    assertThat(backing.child("port").orElseThrow().text("portgroupKey")).isNotBlank();
                });
        assertThat(vm.refs("network")).singleElement().extracting(Moref::type).isEqualTo("DistributedVirtualPortgroup");
    }

    @Test
    void labelMergesTagsAndDestroyRemovesTheVm() {
        String group = Vcsim.unique("label");
        String id = provision(templateProps(json, Vcsim.TEMPLATE), Map.of(Tags.GROUP, group, "a", "1"), "", null);
        plugin.label(id, Map.of("a", "2", "b", "3"));
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false).getFirst().tags())
                .containsEntry("a", "2").containsEntry("b", "3").containsEntry(Tags.GROUP, group);

        plugin.destroy(id, DestroyContext.terminate());
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).isEmpty();
        assertThatThrownBy(() -> vm(id, "name")).hasMessageContaining("ManagedObjectNotFound");
        assertThatThrownBy(() -> plugin.label(id, Map.of("a", "3"))).hasMessage("vsphere: no VM with id " + id + " to label");
        plugin.destroy(id, DestroyContext.terminate()); // a second destroy of a gone VM is fine
    }

    @Test
    void petsAreNamedAfterTheirLogicalId() {
        String group = Vcsim.unique("pets");
        String id = provision(templateProps(json, Vcsim.TEMPLATE), Map.of(Tags.GROUP, group), "", "node-1");
        assertThat(vm(id, "name").text("name")).isEqualTo("node-1");
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).singleElement()
                .satisfies(d -> assertThat(d.logicalId()).isEqualTo("node-1"));
    }

    @Test
    void ignoreOnDestroyStopsManagingAndLeavesTheVm() {
        String group = Vcsim.unique("keep");
        String id = provision(templateProps(json, Vcsim.TEMPLATE), Map.of(Tags.GROUP, group), "", null);
        try (VsphereInstancePlugin keeping = new VsphereInstancePlugin(Vcsim.options().withIgnoreOnDestroy(true))) {
            keeping.destroy(id, DestroyContext.terminate());
            assertThat(keeping.describeInstances(Map.of(Tags.GROUP, group), false)).isEmpty();
        }
        assertThat(vm(id, "runtime.powerState").text("runtime.powerState")).isEqualTo("poweredOn");
    }

    @Test
    void aSessionEndedInVcenterIsMadeAgainOnce() {
        String group = Vcsim.unique("session");
        String id = provision(templateProps(json, Vcsim.TEMPLATE), Map.of(Tags.GROUP, group), "", null);
        try (Behind admin = new Behind()) {
            ObjectContent sm = admin.client.retrieve(PropertySpecs.object(admin.client.content().sessionManager(),
                    List.of("sessionList", "currentSession"))).getFirst();
            String mine = sm.props().get("currentSession").text("key");
            List<String> others = sm.items("sessionList").stream().map(s -> s.text("key")).filter(k -> !k.equals(mine)).toList();
            Soap body = Soap.request().each("sessionId", others);
            admin.client.call("TerminateSession", admin.client.content().sessionManager(), body);
        }
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).extracting(InstanceDescription::id).containsExactly(id);
        assertThat(plugin.client().transport().calls()).containsEntry("Login", 2L);
    }

    @Test
    void validateRefusesBadPropertiesNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("Datastor", "x")))
                .hasMessageStartingWith("vsphere: unknown field Properties.Datastor; known fields: Datacenter, Datastore,");
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("Datastore", "nfs-1")))
                .hasMessage("vsphere: Properties.Datastore 'nfs-1' is not a datastore of datacenter Home Lab; known: " + Vcsim.DATASTORE);
        assertThatThrownBy(() -> plugin.validate(templateProps(json, "CentOS9")))
                .hasMessageStartingWith("vsphere: Properties.Template 'CentOS9' is neither a template nor a VM in datacenter Home Lab");
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("ISOPath", Vcsim.ISO)))
                .hasMessageContaining("give Properties.Template (a template or VM to clone) or Properties.ISOPath (an ISO to boot), not both");
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("Hostname", "esx9")))
                .hasMessageStartingWith("vsphere: Properties.Hostname 'esx9' is not a host of datacenter Home Lab; known: ")
                .hasMessageContaining(Vcsim.HOSTNAME);
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("Memory", 1001)))
                .hasMessage("vsphere: Properties.Memory=1001 must be a multiple of 4 MB from 4 to 6291456, e.g. 512");
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("Datacenter", "Office")))
                .hasMessage("vsphere: Properties.Datacenter 'Office' is not a datacenter of this vCenter; known: Home Lab");
        assertThatThrownBy(() -> plugin.validate(templateProps(json, Vcsim.TEMPLATE).put("PowerOn", "yes please")))
                .hasMessage("vsphere: Properties.PowerOn has the wrong type; see `infrakit explain vsphere`");
        ObjectNode iso = json.createObjectNode().put("Datastore", Vcsim.DATASTORE).put("Hostname", Vcsim.HOSTNAME);
        assertThatThrownBy(() -> plugin.validate(iso.deepCopy().put("ISOPath", "linuxkit/nope.iso")))
                .hasMessage("vsphere: Properties.ISOPath: no file [vSphereNFS] linuxkit/nope.iso on datastore vSphereNFS;"
                        + " upload the ISO there (e.g. with the vSphere client's datastore browser) or fix the path");
        plugin.validate(iso.deepCopy().put("ISOPath", "[" + Vcsim.DATASTORE + "] " + Vcsim.ISO));
        plugin.validate(templateProps(json, Vcsim.TEMPLATE));
        plugin.validate(((ObjectNode) templateProps(json, "Templates/" + Vcsim.TEMPLATE_2).without("Hostname")).put("Cluster", Vcsim.CLUSTER));
        // Bad input changes nothing: no folder, no VM.
        assertThat(plugin.client().transport().calls()).doesNotContainKeys("CreateFolder", "CloneVM_Task", "CreateVM_Task");
    }
}
