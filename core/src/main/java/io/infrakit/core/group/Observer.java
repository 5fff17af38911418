package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.Member;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Observes one group: DescribeInstances by the group tag (properties=false), the tag filter, the
 * ledger's reconciliation with what is visible, and the flavor's health verdicts. Produces the
 * members the planner sees. Holds no state of its own: what it learns goes into the {@link InFlight}.
 */
final class Observer {

    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
    /** Below this many checks, health is asked on the reconciling thread: cheaper than fanning out. */
    private static final int HEALTH_SERIAL_LIMIT = 64;
    private static final int HEALTH_FAN_OUT = 16;

    private final String id;
    private final Clock clock;
    private final EventBus events;
    private final Executor healthChecks;
    private final InFlight ledger;
    private final HealthChecks checks;

    /** @param healthChecks runs batches of flavor health checks when there are many */
    Observer(String id, Clock clock, EventBus events, Executor healthChecks, InFlight ledger) {
        this(id, clock, events, healthChecks, ledger, null);
    }

    /** @param checks the controller's own health checks (Policy.HealthCheck), or null */
    Observer(String id, Clock clock, EventBus events, Executor healthChecks, InFlight ledger, HealthChecks checks) {
        this.checks = checks;
        this.id = id;
        this.clock = clock;
        this.events = events;
        this.healthChecks = healthChecks;
        this.ledger = ledger;
    }

    /**
     * The members of group {@code groupId} as {@code plugin} reports them now: asked by the group tag,
     * and filtered by it again, because a plugin that ignores the filter must not confuse us. Every
     * DescribeInstances of a group goes through here.
     */
    static List<InstanceDescription> describeGroup(InstancePlugin plugin, String groupId) {
        List<InstanceDescription> found = plugin.describeInstances(Map.of(Tags.GROUP, groupId), false);
        List<InstanceDescription> members = new ArrayList<>(found.size());
        for (InstanceDescription d : found) {
            if (groupId.equals(d.tag(Tags.GROUP))) {
                members.add(d);
            }
        }
        return members;
    }

    /**
     * One observation: lists the group, reconciles the ledger with it, refreshes health where the poll
     * interval asks, and returns the members. Returns null when the instance plugin could not be read
     * (the error is recorded and published; the caller keeps its last plan).
     */
    List<Member> observe(GroupController.Binding b, Duration poll) {
        GroupConfig cfg = b.config();
        Instant started = clock.instant();
        List<InstanceDescription> found;
        try {
            found = describeGroup(b.instance(), id);
        } catch (RuntimeException e) {
            String msg = "DescribeInstances on " + cfg.instance().plugin() + " failed: " + e.getMessage();
            ledger.noteError(msg);
            LOG.warn("group={} observe failed: {}", id, msg);
            events.publish(EventType.OBSERVE_FAILED, id, null, msg);
            return null;
        }
        Instant now = clock.instant();
        InFlight.Observation o = ledger.observe(found, started, now, cfg.policy().provisionTimeout(), poll);
        for (String t : o.timedOut()) {
            LOG.warn("group={} instance={} provision timed out", id, t);
            events.publish(EventType.PROVISION_TIMED_OUT, id, t, "not visible after "
                    + GoDuration.format(cfg.policy().provisionTimeout()));
        }
        for (String l : o.lost()) {
            LOG.info("group={} instance={} lost (gone without a destroy)", id, l);
            events.publish(EventType.LOST, id, l, "no longer reported by " + cfg.instance().plugin());
        }
        Map<String, Health> verdicts = checkHealth(b, o.toCheck());
        if (checks != null) {
            checks.members(o.seen(), ledger.since(o.seen().keySet()));
            if (cfg.policy().healthCheck() != null) {
                checks.tick();
                verdicts = combined(o, verdicts);
            }
        }
        List<InFlight.HealthChange> changes = ledger.recordHealth(verdicts, now);
        List<Member> members = ledger.members(o.seen().values());
        for (InFlight.HealthChange c : changes) {
            events.publish(c.health() == Health.HEALTHY ? EventType.HEALTHY : EventType.UNHEALTHY, id,
                    c.instanceId(), null);
        }
        return members;
    }

    /**
     * Policy.HealthCheck: every member's health is the flavor's verdict and the controller's check
     * together: unhealthy when either says so, healthy when the check says so and the flavor does
     * not disagree, unknown before the first check.
     */
    private Map<String, Health> combined(InFlight.Observation o, Map<String, Health> flavor) {
        ledger.recordFlavor(flavor);
        Map<String, Health> out = new HashMap<>();
        for (String member : o.seen().keySet()) {
            if (ledger.destroying(member)) {
                continue;
            }
            Health f = ledger.flavorOf(member);
            Health c = checks.verdict(member);
            Health h;
            if (f == Health.UNHEALTHY || c == Health.UNHEALTHY) {
                h = Health.UNHEALTHY;
            } else if (c == Health.HEALTHY && f != Health.UNKNOWN) {
                h = Health.HEALTHY;
            } else {
                h = Health.UNKNOWN;
            }
            out.put(member, h);
        }
        return out;
    }

    /** Flavor verdicts, batched across virtual threads when there are many (never per poll more than once). */
    private Map<String, Health> checkHealth(GroupController.Binding b, List<InstanceDescription> toCheck) {
        Map<String, Health> out = new HashMap<>(toCheck.size() * 2);
        if (toCheck.isEmpty()) {
            return out;
        }
        JsonNode props = b.config().flavor().properties();
        if (toCheck.size() <= HEALTH_SERIAL_LIMIT) {
            for (InstanceDescription d : toCheck) {
                out.put(d.id(), healthOf(b, props, d));
            }
            return out;
        }
        int chunk = (toCheck.size() + HEALTH_FAN_OUT - 1) / HEALTH_FAN_OUT;
        List<CompletableFuture<Map<String, Health>>> parts = new ArrayList<>();
        for (int i = 0; i < toCheck.size(); i += chunk) {
            List<InstanceDescription> slice = toCheck.subList(i, Math.min(toCheck.size(), i + chunk));
            parts.add(CompletableFuture.supplyAsync(() -> {
                Map<String, Health> m = new HashMap<>(slice.size() * 2);
                for (InstanceDescription d : slice) {
                    m.put(d.id(), healthOf(b, props, d));
                }
                return m;
            }, healthChecks));
        }
        for (CompletableFuture<Map<String, Health>> p : parts) {
            out.putAll(p.join());
        }
        return out;
    }

    private Health healthOf(GroupController.Binding b, JsonNode props, InstanceDescription d) {
        try {
            Health h = b.flavor().healthy(props, d);
            return h == null ? Health.UNKNOWN : h;
        } catch (RuntimeException e) {
            ledger.noteError("Healthy on " + b.config().flavor().plugin() + " failed for " + d.id() + ": "
                    + e.getMessage());
            return Health.UNKNOWN;
        }
    }
}
