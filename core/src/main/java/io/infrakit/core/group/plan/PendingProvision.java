package io.infrakit.core.group.plan;

import java.time.Instant;

/**
 * A provision the controller issued that is not visible yet. It counts toward the group's size
 * until its instance shows up in DescribeInstances or the provision timeout passes: this is what
 * stops a slow provider from causing duplicates. {@code instanceId} is null while the call runs.
 * {@code warm}: a provision into the warm pool (it counts toward the pool, not the size).
 */
public record PendingProvision(long token, String instanceId, String logicalId, String configHash, Instant issuedAt,
                               boolean warm) {

    /** A provision of a serving member. */
    public PendingProvision(long token, String instanceId, String logicalId, String configHash, Instant issuedAt) {
        this(token, instanceId, logicalId, configHash, issuedAt, false);
    }

    public PendingProvision withInstanceId(String id) {
        return new PendingProvision(token, id, logicalId, configHash, issuedAt, warm);
    }
}
