package io.infrakit.core.group.plan;

import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.PluginSpec;

import java.util.List;

/**
 * A validated group spec: what the controller converges to. {@code configHash} is InfraKit's
 * {@code infrakit.config.hash} of the Instance and Flavor sections.
 */
public record GroupConfig(String id, GroupProperties properties, GroupPolicy policy, String configHash) {

    public PluginSpec instance() {
        return properties.instance();
    }

    public PluginSpec flavor() {
        return properties.flavor();
    }

    public Allocation allocation() {
        return properties.allocation();
    }

    public boolean quorum() {
        return allocation().isQuorum();
    }

    /** Logical IDs of a quorum group, empty for a scaled group. */
    public List<String> logicalIds() {
        return quorum() ? allocation().logicalIds() : List.of();
    }

    public int desired() {
        return allocation().desired();
    }

    /** The same group with another size (scale only: same hash, so never a rolling update). */
    public GroupConfig withSize(int size) {
        GroupProperties p = new GroupProperties(properties.instance(), properties.flavor(), Allocation.ofSize(size),
                properties.updating(), properties.policy());
        return new GroupConfig(id, p, policy, configHash);
    }
}
