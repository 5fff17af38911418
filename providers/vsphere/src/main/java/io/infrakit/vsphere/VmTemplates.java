package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.OwnChanges;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.Soap;
import io.infrakit.vsphere.vim.Tasks;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.VimFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A deployment's template output on vSphere: the VM itself becomes the template. Its tags are
 * cleared first (it then belongs to no group, and the watcher does not take the power-off for a
 * loss), then it is powered off, renamed when asked ({@code {"Name": "web-base"}}), and marked as a
 * template ({@code MarkAsTemplate}). The answer is the template's name, what {@code Template} of
 * later instances takes. The caller's Destroy then finds a template and leaves it.
 */
final class VmTemplates {

    private static final Logger log = LoggerFactory.getLogger(VmTemplates.class);
    private static final Pattern NAME = Pattern.compile("[^/\\\\%]{1,80}");

    private final VimClient client;
    private final Tasks tasks;
    private final CustomFields fields;
    private final OwnChanges own;
    private final KnownVms known;

    VmTemplates(VimClient client, Tasks tasks, CustomFields fields, OwnChanges own, KnownVms known) {
        this.client = client;
        this.tasks = tasks;
        this.fields = fields;
        this.own = own;
        this.known = known;
    }

    String create(String vmId, JsonNode properties) {
        String newName = null;
        if (properties != null && properties.isObject()) {
            properties.fieldNames().forEachRemaining(f -> {
                if (!f.equals("Name")) {
                    throw new PluginException("vsphere: unknown template field '" + f + "'; the one field is Name (the template's new name)");
                }
            });
            JsonNode n = properties.get("Name");
            if (n != null && !n.isNull()) {
                if (!n.isTextual() || !NAME.matcher(n.asText()).matches()) {
                    throw new PluginException("vsphere: template Name " + n + " cannot name a VM: 1 to 80 characters, without '/', '\\' or '%'");
                }
                newName = n.asText();
            }
        }
        Moref vm = Moref.vm(vmId);
        List<ObjectContent> got = client.retrieve(PropertySpecs.object(vm, List.of("name", "runtime.powerState", "customValue")));
        if (got.isEmpty()) {
            throw new PluginException("vsphere: no VM " + vmId + " to make a template of");
        }
        ObjectContent o = got.getFirst();
        own.begin(vmId);
        try {
            Map<String, String> cleared = new TreeMap<>();
            fields.read(o.items("customValue")).keySet().forEach(k -> cleared.put(k, ""));
            fields.set(vm, cleared);
            known.forget(vmId);
            own.removed(vmId);
            if (!"poweredOff".equals(o.text("runtime.powerState"))) {
                try {
                    tasks.await("PowerOffVM_Task", client.powerOff(vm));
                } catch (VimFault f) {
                    if (!f.is("InvalidPowerState")) {
                        throw f;
                    }
                }
            }
            String name = o.text("name");
            if (newName != null && !newName.equals(name)) {
                tasks.await("Rename_Task", returnRef(client.call("Rename_Task", vm, Soap.request().el("newName", newName))));
                name = newName;
            }
            client.call("MarkAsTemplate", vm, Soap.request());
            log.info("vsphere: VM {} is now template {}", vmId, name);
            return name;
        } finally {
            own.end(vmId);
        }
    }

    /** Whether the VM is a template (Destroy leaves templates alone: the plugin never makes one to destroy). */
    boolean isTemplate(ObjectContent o) {
        return "true".equals(o.text("config.template"));
    }

    private static Moref returnRef(io.infrakit.vsphere.vim.XmlNode r) {
        return r.child("returnval").orElseThrow(() -> new PluginException("vsphere Rename_Task: the answer names no task")).moref();
    }
}
