package io.infrakit.core.manager.store;

import io.infrakit.spi.group.GroupSpec;

import java.time.Instant;

/**
 * One committed version of a group spec. {@code version} grows by one on every commit of the
 * group and is what compare-and-swap commits are checked against.
 */
public record StoredSpec(GroupSpec spec, long version, Instant committedAt) {
    public String id() {
        return spec.id();
    }
}
