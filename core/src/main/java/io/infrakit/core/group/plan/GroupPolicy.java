package io.infrakit.core.group.plan;

import java.time.Duration;
import java.util.List;

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
 * @param rollout           Policy.Update: checkpoints, bake time, canary, automatic rollback
 * @param scaleDown         Policy.ScaleDown: which member goes first when the group shrinks
 * @param maxLifetime       Policy.MaxLifetime: members older than this are replaced (null: never)
 * @param healthCheck       Policy.HealthCheck: the controller's own check, or null
 * @param hooks             Policy.Hooks: lifecycle hooks, empty for none
 * @param warmPool          Policy.WarmPool: stopped members kept ready for scale-up ({@link WarmPool#NONE}: none)
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
        boolean drainBeforeDestroy,
        Rollout rollout,
        ScaleDownOrder scaleDown,
        Duration maxLifetime,
        HealthCheckPolicy healthCheck,
        List<HookPolicy> hooks,
        WarmPool warmPool) {

    public GroupPolicy {
        warmPool = warmPool == null ? WarmPool.NONE : warmPool;
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        rollout = rollout == null ? Rollout.NONE : rollout;
        scaleDown = scaleDown == null ? ScaleDownOrder.OLDEST_CONFIG_FIRST : scaleDown;
    }

    /** The policy without the lifecycle fields (one rolling update, the default scale-down order, no lifetime). */
    public GroupPolicy(int maxSurge, int maxUnavailable, Duration healthyTimeout, Duration unhealthyGrace,
                       Threshold maxUnhealthy, int maxInstances, Duration pollInterval, Duration provisionTimeout,
                       int healthyCount, Duration healthyDuration, boolean drainBeforeDestroy) {
        this(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances, pollInterval,
                provisionTimeout, healthyCount, healthyDuration, drainBeforeDestroy, Rollout.NONE,
                ScaleDownOrder.OLDEST_CONFIG_FIRST, null, null, List.of(), WarmPool.NONE);
    }

    /** The same policy with another rollout, scale-down order and lifetime (tests, and the resolver). */
    public GroupPolicy withLifecycle(Rollout rollout, ScaleDownOrder scaleDown, Duration maxLifetime) {
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances,
                pollInterval, provisionTimeout, healthyCount, healthyDuration, drainBeforeDestroy, rollout, scaleDown,
                maxLifetime, healthCheck, hooks, warmPool);
    }

    /** The same policy with the controller's own health check. */
    public GroupPolicy withHealthCheck(HealthCheckPolicy check) {
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances,
                pollInterval, provisionTimeout, healthyCount, healthyDuration, drainBeforeDestroy, rollout, scaleDown,
                maxLifetime, check, hooks, warmPool);
    }

    /** The same policy with lifecycle hooks. */
    public GroupPolicy withHooks(List<HookPolicy> h) {
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances,
                pollInterval, provisionTimeout, healthyCount, healthyDuration, drainBeforeDestroy, rollout, scaleDown,
                maxLifetime, healthCheck, h, warmPool);
    }

    /** The policy of the lifecycle fields before the warm pool (no pool). */
    public GroupPolicy(int maxSurge, int maxUnavailable, Duration healthyTimeout, Duration unhealthyGrace,
                       Threshold maxUnhealthy, int maxInstances, Duration pollInterval, Duration provisionTimeout,
                       int healthyCount, Duration healthyDuration, boolean drainBeforeDestroy, Rollout rollout,
                       ScaleDownOrder scaleDown, Duration maxLifetime, HealthCheckPolicy healthCheck,
                       List<HookPolicy> hooks) {
        this(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances, pollInterval,
                provisionTimeout, healthyCount, healthyDuration, drainBeforeDestroy, rollout, scaleDown, maxLifetime,
                healthCheck, hooks, WarmPool.NONE);
    }

    /** The same policy with a warm pool. */
    public GroupPolicy withWarmPool(WarmPool pool) {
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances,
                pollInterval, provisionTimeout, healthyCount, healthyDuration, drainBeforeDestroy, rollout, scaleDown,
                maxLifetime, healthCheck, hooks, pool);
    }

    /**
     * Policy.WarmPool resolved: keep {@code size} stopped members (tag {@code infrakit.warm=true}) beside
     * the group, started on scale-up before any new one is provisioned; at most {@code maxPrepared} are
     * being provisioned into the pool at once.
     */
    public record WarmPool(int size, int maxPrepared) {
        public static final WarmPool NONE = new WarmPool(0, 0);

        public boolean enabled() {
            return size > 0;
        }
    }

    /** Hooks on {@code launch} or {@code terminate}. */
    public List<HookPolicy> hooks(boolean launch) {
        if (hooks.isEmpty()) {
            return List.of(); // asked on every provision and destroy; most groups have none
        }
        return hooks.stream().filter(h -> h.launch() == launch).toList();
    }

    /**
     * Policy.Hooks resolved: notify {@code url} (or call {@code plugin}, a LifecycleHookPlugin) on launch (before a new member counts as in service) or
     * on terminate (before a member is destroyed), wait up to {@code timeout}, then {@code continue} or not.
     */
    public record HookPolicy(boolean launch, String url, Duration timeout, boolean continueByDefault, String plugin) {

        /** A hook notified at a Url. */
        public HookPolicy(boolean launch, String url, Duration timeout, boolean continueByDefault) {
            this(launch, url, timeout, continueByDefault, null);
        }
    }

    /**
     * Policy.HealthCheck resolved: what to probe (an HTTP GET when {@code httpPort} > 0, a TCP connect
     * when {@code tcpPort} > 0, a command when {@code exec} is not empty; every one given must pass),
     * where, how often, and how many results in a row turn a member unhealthy or healthy.
     *
     * @param addressPath dotted path in the instance's Properties to its address; null: the usual places
     */
    public record HealthCheckPolicy(int httpPort, String path, int expect, int tcpPort, List<String> exec,
                                    String addressPath, Duration initialDelay, Duration interval, Duration timeout,
                                    int unhealthyThreshold, int healthyThreshold) {

        /** True when a probe needs the member's address (HTTP or TCP). */
        public boolean needsAddress() {
            return httpPort > 0 || tcpPort > 0;
        }

        public HealthCheckPolicy {
            exec = exec == null ? List.of() : List.copyOf(exec);
        }
    }

    /**
     * How a config change rolls out (Policy.Update).
     *
     * @param checkpoints     ascending percentages of the group; empty: one rolling update
     * @param checkpointDelay extra wait at each checkpoint once its members are baked
     * @param bakeTime        new members must stay healthy this long before a checkpoint is passed
     * @param autoRollback    a batch not healthy within HealthyTimeout commits the previous version
     * @param canary          members kept on a new config until promoted (0: no canary)
     */
    public record Rollout(List<Integer> checkpoints, Duration checkpointDelay, Duration bakeTime, boolean autoRollback,
                          int canary) {
        public static final Rollout NONE = new Rollout(List.of(), Duration.ZERO, Duration.ZERO, false, 0);

        public Rollout {
            checkpoints = List.copyOf(checkpoints);
            checkpointDelay = checkpointDelay == null ? Duration.ZERO : checkpointDelay;
            bakeTime = bakeTime == null ? Duration.ZERO : bakeTime;
        }

        /** Members on the new config at checkpoint {@code k} of a group of {@code n}: the percentage, rounded up. */
        public static int count(int percent, int n) {
            return Math.min(n, (int) Math.ceil(n * (percent / 100.0)));
        }
    }

    /** Policy.ScaleDown: the order in which members leave when the group shrinks. */
    public enum ScaleDownOrder {
        /** Outdated configs first, then unhealthy, then the newest (the default). */
        OLDEST_CONFIG_FIRST("OldestConfigFirst"),
        /** Unhealthy first, then the oldest member. */
        OLDEST_FIRST("OldestFirst"),
        /** Unhealthy first, then the newest member. */
        NEWEST_FIRST("NewestFirst"),
        /** From the zone (tag {@code infrakit.zone}) with the most members, so zones stay even. */
        BALANCED("Balanced");

        private final String specName;

        ScaleDownOrder(String specName) {
            this.specName = specName;
        }

        public String specName() {
            return specName;
        }

        /** The order named in a spec, or null. */
        public static ScaleDownOrder of(String name) {
            for (ScaleDownOrder o : values()) {
                if (o.specName.equals(name)) {
                    return o;
                }
            }
            return null;
        }
    }

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
