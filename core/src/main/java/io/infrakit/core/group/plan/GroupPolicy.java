package io.infrakit.core.group.plan;

import java.time.Duration;

/**
 * The effective policy of one group: our {@code Policy} section and InfraKit's {@code Updating}
 * resolved against defaults. Pure data: the planner reads it, nothing here reads a clock.
 *
 * @param maxSurge          extra members allowed above the size during a rolling update
 * @param maxUnavailable    members allowed below the size (not healthy) during a rolling update
 * @param healthyTimeout    new members of an update must turn healthy within this, or the update pauses
 * @param unhealthyGrace    a member unhealthy this long is replaced
 * @param maxUnhealthy      above this many unhealthy members at once, replacement stops
 * @param maxInstances      hard cap on members plus in-flight provisions (0: none)
 * @param pollInterval      how often the group is observed (null: the controller's default)
 * @param provisionTimeout  a provisioned instance not visible after this is written off
 * @param healthyCount      InfraKit's Updating.Count: healthy observations needed before the next batch
 * @param healthyDuration   InfraKit's Updating.Duration: time healthy needed before the next batch
 * @param drainBeforeDestroy false when Updating.SkipBeforeInstanceDestroy is "drain"
 */
public record GroupPolicy(
        int maxSurge,
        int maxUnavailable,
        Duration healthyTimeout,
        Duration unhealthyGrace,
        Threshold maxUnhealthy,
        int maxInstances,
        Duration pollInterval,
        Duration provisionTimeout,
        int healthyCount,
        Duration healthyDuration,
        boolean drainBeforeDestroy) {

    public static final Duration DEFAULT_HEALTHY_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_UNHEALTHY_GRACE = Duration.ofMinutes(2);
    public static final Threshold DEFAULT_MAX_UNHEALTHY = new Threshold(40, true);
    public static final Duration DEFAULT_PROVISION_TIMEOUT = Duration.ofMinutes(10);
    /** First wait after a failed provisioning attempt; doubles per consecutive failed attempt. */
    public static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    /** Longest wait between provision attempts after repeated failures. */
    public static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

    /** Defaults for a scaled group (surge first) or a quorum group (one logical ID at a time). */
    public static GroupPolicy defaults(boolean quorum) {
        return new GroupPolicy(quorum ? 0 : 1, quorum ? 1 : 0, DEFAULT_HEALTHY_TIMEOUT, DEFAULT_UNHEALTHY_GRACE,
                DEFAULT_MAX_UNHEALTHY, 0, null, DEFAULT_PROVISION_TIMEOUT, 0, Duration.ZERO, true);
    }

    /** How many members may be unhealthy at once in a group of {@code desired} before replacement stops. */
    public int allowedUnhealthy(int desired) {
        return maxUnhealthy.allowed(desired);
    }

    /**
     * The wait after {@code attempts} consecutive failed provisioning attempts: 1s, 2s, 4s, ... up to
     * 5 min. An attempt is what one reconcile issued, however many provisions that was.
     */
    public static Duration backoff(int attempts) {
        if (attempts <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(attempts - 1, 20);
        Duration d = BACKOFF_BASE.multipliedBy(1L << shift);
        return d.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : d;
    }

    /** A count ({@code 3}) or a percentage of the group size ({@code 40%}). */
    public record Threshold(int value, boolean percent) {
        /** Members allowed: a percentage rounds down but allows at least one, so small groups still heal. */
        public int allowed(int desired) {
            if (!percent) {
                return value;
            }
            return Math.max(1, (int) Math.floor(desired * (value / 100.0)));
        }

        @Override
        public String toString() {
            return percent ? value + "%" : Integer.toString(value);
        }
    }
}
