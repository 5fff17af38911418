package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.VimFault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DescribeInstances: the VMs of a group's folder read with one RetrievePropertiesEx, their custom
 * attributes turned into tags. Templates, VMs without the wanted tags, and VMs the plugin started
 * that are now powered off (lost) are left out.
 */
final class GroupListing {

    private static final List<String> CHEAP = List.of("name", "customValue", "runtime.powerState", "config.template");
    private static final List<String> FULL = List.of("name", "customValue", "runtime.powerState", "config.template",
            "config.hardware.numCPU", "config.hardware.memoryMB", "guest.ipAddress", "summary.config.vmPathName", "parent");

    private final VimClient client;
    private final Inventory inventory;
    private final CustomFields fields;
    private final KnownVms known;
    private final String datacenter; // null: every datacenter
    private final ObjectMapper json = new ObjectMapper();

    GroupListing(VimClient client, Inventory inventory, CustomFields fields, KnownVms known, String datacenter) {
        this.client = client;
        this.inventory = inventory;
        this.fields = fields;
        this.known = known;
        this.datacenter = datacenter;
    }

    List<InstanceDescription> describe(Map<String, String> tags, boolean properties) {
        Map<String, String> filter = tags == null ? Map.of() : tags;
        String group = filter.get(Tags.GROUP);
        List<String> paths = properties ? FULL : CHEAP;
        List<InstanceDescription> out = new ArrayList<>();
        for (Inventory.Datacenter dc : listedDatacenters()) {
            List<ObjectContent> vms;
            if (group != null) {
                vms = groupVms(dc, group, paths);
            } else {
                vms = client.retrieve(PropertySpecs.tree(dc.vmFolder(), Map.of("VirtualMachine", paths), false));
            }
            for (ObjectContent vm : vms) {
                InstanceDescription d = member(vm, filter, properties);
                if (d != null) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private List<Inventory.Datacenter> listedDatacenters() {
        return datacenter == null ? inventory.datacenters() : List.of(inventory.datacenter(datacenter));
    }

    /** The VMs in a group's folder: one RetrievePropertiesEx once the folder is known. */
    private List<ObjectContent> groupVms(Inventory.Datacenter dc, String group, List<String> paths) {
        for (int attempt = 0; attempt < 2; attempt++) {
            var folder = inventory.groupFolder(dc, group);
            if (folder.isEmpty()) {
                return List.of();
            }
            try {
                return client.retrieve(PropertySpecs.children(folder.get(), "VirtualMachine", paths));
            } catch (VimFault f) {
                if (!f.is("ManagedObjectNotFound")) {
                    throw f;
                }
                inventory.forgetFolder(dc, group); // the folder was deleted (or recreated): look it up again
            }
        }
        return List.of();
    }

    private InstanceDescription member(ObjectContent vm, Map<String, String> filter, boolean properties) {
        if ("true".equals(vm.text("config.template"))) {
            return null;
        }
        Map<String, String> all = fields.read(vm.items("customValue"));
        Map<String, String> tags = CustomFields.tags(all);
        if (!Tags.containsAll(tags, filter) || !tags.containsKey(Tags.GROUP) && filter.containsKey(Tags.GROUP)) {
            return null;
        }
        String id = vm.obj().value();
        known.learn(id, all);
        String power = vm.text("runtime.powerState");
        if ("true".equals(all.get(CustomFields.POWER_ON)) && !"poweredOn".equals(power)) {
            return null; // provisioned to run and stopped behind our back: lost, to be replaced
        }
        String logical = tags.getOrDefault(Tags.LOGICAL_ID, tags.get(Tags.LOGICAL_ID_LEGACY));
        return new InstanceDescription(id, logical, tags, properties ? properties(vm) : null);
    }

    private JsonNode properties(ObjectContent vm) {
        ObjectNode n = json.createObjectNode();
        n.put("Name", vm.text("name"));
        n.put("PowerState", vm.text("runtime.powerState"));
        putInt(n, "CPUs", vm.text("config.hardware.numCPU"));
        putInt(n, "MemoryMB", vm.text("config.hardware.memoryMB"));
        if (vm.text("guest.ipAddress") != null) {
            n.put("IPAddress", vm.text("guest.ipAddress"));
        }
        if (vm.text("summary.config.vmPathName") != null) {
            n.put("VmPathName", vm.text("summary.config.vmPathName"));
        }
        if (vm.ref("parent") != null) {
            n.put("Folder", vm.ref("parent").value());
        }
        return n;
    }

    private static void putInt(ObjectNode n, String field, String text) {
        if (text != null && !text.isBlank()) {
            n.put(field, Integer.parseInt(text.trim()));
        }
    }
}
