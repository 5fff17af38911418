package io.infrakit.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of a group and their keys. Membership comes from the group plugin's DescribeGroup
 * (cheap: the controller's last observation); a member's properties, which an address needs, from
 * its instance plugin's DescribeInstances with properties, asked only when a member not seen before
 * appears (InfraKit's controllers asked for properties on every sync, which a costly provider felt).
 */
public final class GroupMembers {

    private final PluginLookup plugins;
    /** Per instance ID, its description with properties, as last fetched. */
    private final Map<String, InstanceDescription> described = new ConcurrentHashMap<>();

    public GroupMembers(PluginLookup plugins) {
        this.plugins = plugins;
    }

    /** Checks the group exists; throws PluginException saying what is wrong. */
    public void check(GroupRef group) {
        GroupPlugin gp = plugins.group(group.lookupName());
        boolean known = gp.inspectGroups().stream().anyMatch(s -> group.id().equals(s.id()));
        if (!known) {
            throw new PluginException("group '" + group.id() + "' is not managed by " + group.plugin()
                    + ": commit it first (infrakit apply), or fix the name");
        }
    }

    /**
     * Member ID -> key for the group's current members plus {@code extra} instance IDs (just
     * provisioned, not observed yet), minus {@code exclude}. Members without a key yet are left out.
     */
    public Map<String, String> keys(GroupRef group, KeySelector selector, Set<String> extra, Set<String> exclude) {
        GroupPlugin gp = plugins.group(group.lookupName());
        Map<String, InstanceDescription> members = new LinkedHashMap<>();
        for (InstanceDescription d : gp.describeGroup(group.id()).instances()) {
            members.put(d.id(), d);
        }
        for (String id : extra) {
            members.putIfAbsent(id, new InstanceDescription(id, null, Map.of(Tags.GROUP, group.id()), null));
        }
        // Forget the properties of instances gone for good; the excluded (draining) keep theirs.
        Set<String> keep = new java.util.HashSet<>(members.keySet());
        keep.addAll(exclude);
        described.keySet().retainAll(keep);
        exclude.forEach(members::remove);
        if (selector.needsProperties()) {
            boolean unknown = members.keySet().stream().anyMatch(id -> selector.select(described.getOrDefault(id, members.get(id))) == null);
            if (unknown) {
                refresh(gp, group);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (InstanceDescription d : members.values()) {
            InstanceDescription full = selector.needsProperties() ? described.getOrDefault(d.id(), d) : d;
            String key = selector.select(full);
            if (key != null) {
                out.put(d.id(), key);
            }
        }
        return out;
    }

    /** The key last known for a member, without asking anyone (null when none). */
    public String knownKey(String instanceId, KeySelector selector) {
        InstanceDescription d = described.get(instanceId);
        return d == null ? null : selector.select(d);
    }

    private void refresh(GroupPlugin gp, GroupRef group) {
        String instancePlugin = instancePlugin(gp, group);
        List<InstanceDescription> all = plugins.instance(instancePlugin).describeInstances(Map.of(Tags.GROUP, group.id()), true);
        for (InstanceDescription d : all) {
            if (group.id().equals(d.tag(Tags.GROUP))) {
                described.put(d.id(), d);
            }
        }
    }

    /** The instance plugin of a group, from its spec ({@code Properties.Instance.Plugin}). */
    public String instancePlugin(GroupPlugin gp, GroupRef group) {
        for (GroupSpec s : gp.inspectGroups()) {
            if (group.id().equals(s.id())) {
                JsonNode plugin = s.properties() == null ? null : s.properties().path("Instance").path("Plugin");
                if (plugin != null && plugin.isTextual()) {
                    return plugin.asText();
                }
            }
        }
        throw new PluginException("group '" + group.id() + "' is not managed by " + group.plugin() + " (or names no instance plugin)");
    }
}
