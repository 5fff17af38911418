package io.infrakit.core.event;

/** What happened. Stable names: they are shown by {@code infrakit events} and matched by scripts. */
public enum EventType {
    /** A group was committed (created or changed). */
    COMMITTED,
    /** A group is no longer managed; its members were left running. */
    FREED,
    /** A group was destroyed with all its members. */
    GROUP_DESTROYED,
    /** The instance plugin returned a new instance. */
    PROVISIONED,
    /** A provision call failed. */
    PROVISION_FAILED,
    /** A provisioned instance never became visible within the provision timeout. */
    PROVISION_TIMED_OUT,
    /** Provisioning is held back after repeated failures. */
    PROVISION_BACKOFF,
    /**
     * An instance is about to be drained (when the group drains) and destroyed. Published on the
     * destroy's own thread before the flavor's Drain: a subscriber that takes the member out of
     * traffic (a load balancer's ingress) may hold that thread, boundedly, until its connections end.
     */
    DRAINING,
    /** The flavor drained an instance before its destroy. */
    DRAINED,
    /** The flavor failed to drain an instance (it is destroyed anyway). */
    DRAIN_FAILED,
    /** An instance was destroyed. */
    DESTROYED,
    /** A destroy call failed. */
    DESTROY_FAILED,
    /** A member disappeared without the controller destroying it. */
    LOST,
    /** The flavor judged a member healthy (first time, or again). */
    HEALTHY,
    /** The flavor judged a member unhealthy. */
    UNHEALTHY,
    /** A rolling update started (members with another config hash exist). */
    UPDATE_STARTED,
    /** A rolling update is paused; the message says why. */
    UPDATE_PAUSED,
    /** A paused rolling update was resumed by a commit. */
    UPDATE_RESUMED,
    /** Every member has the spec's config hash again. */
    UPDATE_COMPLETED,
    /** Too many members are unhealthy at once: unhealthy members are no longer replaced. */
    REMEDIATION_STOPPED,
    /** Few enough members are unhealthy again: replacement resumed. */
    REMEDIATION_RESUMED,
    /** The group matches its spec. */
    CONVERGED,
    /** Observing the group failed (DescribeInstances or a health check). */
    OBSERVE_FAILED,
    /** An autoscaler changed the group's size, or held it for a new reason; the message has the measured value and why. */
    AUTOSCALED,
    /** A phased update reached a checkpoint: it holds until the new members are baked. */
    CHECKPOINT_REACHED,
    /** A phased update passed a checkpoint and goes on to the next. */
    CHECKPOINT_PASSED,
    /** A canary's members are ready: the update waits for promote or abort. */
    CANARY_READY,
    /** A canary was promoted: the update goes on to every member. */
    CANARY_PROMOTED,
    /** A canary was aborted: the previous version is committed again. */
    CANARY_ABORTED,
    /** A failed update is being rolled back (Policy.Update.AutoRollback); the message says why. */
    ROLLBACK_STARTED,
    /** The previous version was committed again by a rollback. */
    ROLLED_BACK,
    /** A rollback could not be made (no earlier version); the update stays paused. */
    ROLLBACK_FAILED,
    /** A lifecycle hook was notified: a member waits for its answer. */
    HOOK_NOTIFIED,
    /** A lifecycle hook was answered (continue or abandon). */
    HOOK_COMPLETED,
    /** A lifecycle hook got no answer in time: its Default applies. */
    HOOK_TIMED_OUT,
    /** A member of the warm pool was started: it serves (Policy.WarmPool). */
    WARM_STARTED,
    /** A member was stopped into the warm pool instead of being destroyed, or a new one was prepared for it. */
    WARM_STOPPED,
    /** Starting or stopping a warm pool member failed. */
    WARM_FAILED
}
