package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.Action;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.Plan;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Carries out a plan: each action is recorded in the {@link InFlight} ledger before its call starts
 * (so the next plan counts it), runs on the action executor, and reports its result to the ledger and
 * as an event. Asks for another reconcile when a call finishes.
 */
final class PlanApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PlanApplier.class);

    private final String id;
    private final Clock clock;
    private final EventBus events;
    private final Executor actions;
    private final InFlight ledger;
    private final Runnable onWork;
    private final LifecycleHooks hooks;
    private final WarmPoolActions warmPool;
    /** The daemon log's provisioned and destroyed lines, bounded per burst (each is an event too). */
    private final ActionLog provisionedLog;
    private final ActionLog destroyedLog;

    /**
     * @param actions runs provisions and destroys (bounded virtual threads in the daemon; the calling
     *                thread in deterministic tests)
     * @param onWork  asks for another reconcile soon
     */
    PlanApplier(String id, Clock clock, EventBus events, Executor actions, InFlight ledger, Runnable onWork,
                LifecycleHooks hooks) {
        this.hooks = hooks;
        this.id = id;
        this.clock = clock;
        this.events = events;
        this.actions = actions;
        this.ledger = ledger;
        this.onWork = onWork;
        this.provisionedLog = new ActionLog(id, "provisioned", LOG, clock);
        this.destroyedLog = new ActionLog(id, "destroyed", LOG, clock);
        this.warmPool = new WarmPoolActions(id, clock, events, actions, ledger, onWork, this::provision, hooks);
    }

    void apply(GroupController.Binding b, Plan plan, Instant now) {
        if (plan.actions().isEmpty()) {
            return;
        }
        GroupConfig cfg = b.config();
        long attempt = plan.provisions() > 0 || plan.actions().stream().anyMatch(a -> a instanceof Action.Prepare)
                ? ledger.beginAttempt() : 0;
        for (Action a : plan.actions()) {
            switch (a) {
                case Action.Provision p -> {
                    InFlight.Started started = ledger.startProvision(attempt, p.logicalId(), cfg.configHash(), now, false);
                    actions.execute(() -> provision(b, started, p.reason()));
                }
                case Action.Destroy d -> {
                    InstanceDescription target = ledger.startDestroy(d, id, now);
                    if (target == null) {
                        // The planner never asks this; refusing here too costs nothing.
                        LOG.error("group={} instance={} refused to destroy: not tagged {}={}", id, d.instanceId(),
                                Tags.GROUP, id);
                        continue;
                    }
                    Runnable destroy = () -> actions.execute(() -> destroy(b, target, d.rollingUpdate(), d.drain(), d.reason()));
                    // A terminate hook holds the destroy (recorded in flight already) until it is answered.
                    if (!hooks.terminating(d.instanceId(), cfg.policy().hooks(false), now, destroy)) {
                        destroy.run();
                    }
                }
                case Action.Prepare p -> {
                    InFlight.Started started = ledger.startProvision(attempt, null, cfg.configHash(), now, true);
                    actions.execute(() -> warmPool.prepare(b, started, p.reason()));
                }
                case Action.Start s -> warmPool.start(b, s, now);
                case Action.Stop s -> warmPool.stop(b, s);
            }
        }
    }

    /**
     * Destroys the given members now (DestroyInstances, DestroyGroup), recording them in flight first
     * so that a concurrent reconcile neither counts them nor picks others. Returns the failures.
     */
    List<String> destroyNow(GroupController.Binding b, List<InstanceDescription> targets, String reason) {
        ledger.startDestroys(targets, clock.instant());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (InstanceDescription t : targets) {
            running.add(CompletableFuture.runAsync(() -> {
                String error = destroy(b, t, false, b.config().policy().drainBeforeDestroy(), reason);
                if (error != null) {
                    failures.add(t.id() + ": " + error);
                }
            }, actions));
        }
        running.forEach(CompletableFuture::join);
        // The caller waited for all of them: say how many now rather than when the window ends.
        destroyedLog.flushNow();
        return List.copyOf(failures);
    }

    /** Summarises the action lines counted in windows that are over (each reconcile). */
    void flushLog() {
        provisionedLog.flushDue();
        destroyedLog.flushDue();
    }

    /** Summarises every action line counted so far (the group stops). */
    void flushLogNow() {
        provisionedLog.flushNow();
        destroyedLog.flushNow();
    }

    /** From now on counted action lines are summarised by a timer when their window ends (the daemon). */
    void timedLog() {
        provisionedLog.timed();
        destroyedLog.timed();
    }

    /** The spec given to the flavor's Prepare, with the tags that make the instance ours. */
    static InstanceSpec baseSpec(GroupConfig cfg, String logicalId) {
        return new InstanceSpec(cfg.instance().properties(), identityTags(cfg, logicalId), "", logicalId, null);
    }

    static Map<String, String> identityTags(GroupConfig cfg, String logicalId) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.GROUP, cfg.id());
        tags.put(Tags.CONFIG_HASH, cfg.configHash());
        if (logicalId != null) {
            tags.put(Tags.LOGICAL_ID, logicalId);
        }
        return tags;
    }

    /** Provisions one member; returns the instance ID of a warm pool member (which the pool stops next), else null. */
    String provision(GroupController.Binding b, InFlight.Started started, String reason) {
        GroupConfig cfg = b.config();
        String logicalId = started.pending().logicalId();
        try {
            InstanceSpec spec = baseSpec(cfg, logicalId);
            InstanceSpec prepared = b.flavor().prepare(cfg.flavor().properties(), spec, cfg.allocation(),
                    new Index(id, started.sequence()));
            if (prepared == null) {
                prepared = spec;
            }
            // The flavor may add tags; it may not take away what makes the instance a member.
            Map<String, String> tags = new TreeMap<>();
            if (prepared.tags() != null) {
                tags.putAll(prepared.tags());
            }
            tags.putAll(identityTags(cfg, logicalId));
            if (started.pending().warm()) {
                tags.put(Tags.WARM, Tags.TRUE);
            }
            String instanceId = b.instance().provision(prepared.withTags(tags));
            if (instanceId == null || instanceId.isBlank()) {
                throw new IllegalStateException("the instance plugin returned no instance ID");
            }
            ledger.provisioned(started, instanceId);
            if (!started.pending().warm()) {
                // A warm member serves only once started: its launch hooks wait for that.
                hooks.launched(instanceId, cfg.policy().hooks(true), clock.instant());
            }
            provisionedLog.record(instanceId, reason, logicalId);
            events.publish(EventType.PROVISIONED, id, instanceId, reason);
            if (started.pending().warm()) {
                return instanceId; // the warm pool stops it, then asks for another reconcile
            }
        } catch (RuntimeException e) {
            int failures = ledger.provisionFailed(started,
                    "Provision on " + cfg.instance().plugin() + " failed: " + e.getMessage(), clock.instant());
            LOG.warn("group={} provision failed ({} in a row, {}): {}", id, failures, reason, e.getMessage());
            events.publish(EventType.PROVISION_FAILED, id, null, e.getMessage() + " (" + failures + " in a row)");
        }
        onWork.run();
        return null;
    }

    /** Returns null when the destroy call succeeded, else what went wrong. */
    private String destroy(GroupController.Binding b, InstanceDescription target, boolean rolling, boolean drain,
                           String reason) {
        GroupConfig cfg = b.config();
        String instanceId = target.id();
        // The one seam for traffic: listeners (ingress) take the member out of their balancers now.
        events.publish(EventType.DRAINING, id, instanceId, reason);
        if (drain) {
            try {
                b.flavor().drain(cfg.flavor().properties(), target);
                events.publish(EventType.DRAINED, id, instanceId, null);
            } catch (RuntimeException e) {
                // A member being replaced is often broken: a failed drain must not keep it alive forever.
                LOG.warn("group={} instance={} drain failed, destroying anyway: {}", id, instanceId, e.getMessage());
                events.publish(EventType.DRAIN_FAILED, id, instanceId, e.getMessage());
            }
        }
        try {
            b.instance().destroy(instanceId, rolling ? DestroyContext.rollingUpdate() : DestroyContext.terminate());
            ledger.destroyed(instanceId, clock.instant());
            destroyedLog.record(instanceId, reason, null);
            events.publish(EventType.DESTROYED, id, instanceId, reason);
            onWork.run();
            return null;
        } catch (RuntimeException e) {
            String error = "Destroy of " + instanceId + " on " + cfg.instance().plugin() + " failed: " + e.getMessage();
            ledger.destroyFailed(instanceId, error);
            LOG.warn("group={} instance={} destroy failed ({}): {}", id, instanceId, reason, e.getMessage());
            events.publish(EventType.DESTROY_FAILED, id, instanceId, e.getMessage());
            onWork.run();
            return error;
        }
    }
}
