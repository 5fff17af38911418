package io.infrakit.core.group.plan;

import java.time.Instant;

/**
 * A destroy the controller issued for an instance that may still be visible. While it is, the
 * instance counts toward the instance ceiling but not toward the size. {@code completedAt} is set
 * when the destroy call returned; the record goes away once an observation started after that no
 * longer shows the instance.
 */
public record PendingDestroy(String instanceId, Instant issuedAt, Instant completedAt) {

    public PendingDestroy completed(Instant at) {
        return new PendingDestroy(instanceId, issuedAt, at);
    }
}
