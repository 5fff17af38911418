package io.infrakit.vsphere;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the plugin last learned of its VMs' tags and power intent, from its own provisions and
 * labels and from every listing. The change watcher reads it: vCenter's updates name a VM, and a
 * change is only news when the VM is one of ours (vcsim does not even report custom attribute
 * changes).
 */
final class KnownVms {

    /** Tags of a VM of ours, and whether it was provisioned to run. */
    record Known(Map<String, String> tags, boolean powerOn) {
    }

    private final Map<String, Known> byId = new ConcurrentHashMap<>();

    /** Learns a VM from its fields (tags and internal ones); forgets it when it carries no group tag. */
    void learn(String id, Map<String, String> fields) {
        Map<String, String> tags = CustomFields.tags(fields);
        if (!tags.containsKey(io.infrakit.spi.Tags.GROUP)) {
            byId.remove(id);
            return;
        }
        byId.put(id, new Known(Map.copyOf(tags), "true".equals(fields.get(CustomFields.POWER_ON))));
    }

    /** Learns a VM whose fields carry a group tag; leaves what is known alone otherwise. */
    void learnIfTagged(String id, Map<String, String> fields) {
        if (fields.containsKey(io.infrakit.spi.Tags.GROUP)) {
            learn(id, fields);
        }
    }

    Known get(String id) {
        return byId.get(id);
    }

    void forget(String id) {
        byId.remove(id);
    }
}
