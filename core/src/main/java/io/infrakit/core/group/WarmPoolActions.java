package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.Action;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Carries out the warm pool's actions (Policy.WarmPool) through the instance plugin's
 * {@link InstanceLifecycle}. The warm mark ({@code infrakit.warm}) is written before the plugin is
 * asked to start or stop, on the reconcile's own thread: the next observation already counts the
 * member on its new side, so no pass takes the same member twice or fills its place twice.
 */
final class WarmPoolActions {

    private static final Logger LOG = LoggerFactory.getLogger(WarmPoolActions.class);

    /** The applier's provision, which tags a warm member and returns its ID. */
    interface Provisioner {
        String provision(GroupController.Binding b, InFlight.Started started, String reason);
    }

    private final String id;
    private final Clock clock;
    private final EventBus events;
    private final Executor actions;
    private final InFlight ledger;
    private final Runnable onWork;
    private final Provisioner provisioner;
    private final LifecycleHooks hooks;

    WarmPoolActions(String id, Clock clock, EventBus events, Executor actions, InFlight ledger, Runnable onWork,
                    Provisioner provisioner, LifecycleHooks hooks) {
        this.id = id;
        this.clock = clock;
        this.events = events;
        this.actions = actions;
        this.ledger = ledger;
        this.onWork = onWork;
        this.provisioner = provisioner;
        this.hooks = hooks;
    }

    /** The plugin's lifecycle, or null after saying why (the commit refuses a pool without one; a plugin may change). */
    private InstanceLifecycle lifecycle(GroupController.Binding b, String instanceId) {
        if (b.instance() instanceof InstanceLifecycle l) {
            return l;
        }
        String why = "instance plugin '" + b.config().instance().plugin() + "' cannot stop or start instances"
                + " (no InstanceLifecycle): remove Policy.WarmPool";
        LOG.warn("group={} instance={} {}", id, instanceId, why);
        events.publish(EventType.WARM_FAILED, id, instanceId, why);
        return null;
    }

    /** Provisions a member into the pool, then stops it. */
    void prepare(GroupController.Binding b, InFlight.Started started, String reason) {
        String instanceId = provisioner.provision(b, started, reason);
        if (instanceId == null) {
            return;
        }
        InstanceLifecycle l = lifecycle(b, instanceId);
        if (l != null && !stillWarm(b, instanceId)) {
            // Listed before its Provision returned (Docker lists a container during its Init), it was
            // already taken from the pool by a scale-up: it serves, so it is not stopped.
            LOG.info("group={} instance={} was started from the warm pool while prepared; left running", id, instanceId);
            l = null;
        }
        if (l != null) {
            try {
                l.stop(instanceId);
                events.publish(EventType.WARM_STOPPED, id, instanceId, reason);
            } catch (RuntimeException e) {
                // It stays in the pool running; a start later is harmless, so nothing else to undo.
                LOG.warn("group={} instance={} stop into the warm pool failed: {}", id, instanceId, e.getMessage());
                events.publish(EventType.WARM_FAILED, id, instanceId, "stop failed: " + e.getMessage());
            }
        }
        onWork.run();
    }

    /**
     * Takes a member from the pool: it counts as serving from now on (health and age start again),
     * then it is started, then its mark changes. Started before the mark changes, because a provider
     * may list a stopped instance only while it is marked warm (Docker does).
     */
    void start(GroupController.Binding b, Action.Start s, Instant now) {
        InstanceLifecycle l = lifecycle(b, s.instanceId());
        if (l == null) {
            return;
        }
        ledger.warmStarts().begin(s.instanceId());
        ledger.restarted(s.instanceId(), now);
        hooks.launched(s.instanceId(), b.config().policy().hooks(true), now);
        actions.execute(() -> {
            try {
                l.start(s.instanceId());
                b.instance().label(s.instanceId(), Map.of(Tags.WARM, "false"));
                LOG.info("group={} instance={} started from the warm pool ({})", id, s.instanceId(), s.reason());
                events.publish(EventType.WARM_STARTED, id, s.instanceId(), s.reason());
            } catch (RuntimeException e) {
                // A pool member that cannot start serves nobody: it goes, and the planner fills its place.
                LOG.warn("group={} instance={} start from the warm pool failed, destroying it: {}", id, s.instanceId(),
                        e.getMessage());
                events.publish(EventType.WARM_FAILED, id, s.instanceId(), "start failed: " + e.getMessage());
                try {
                    b.instance().destroy(s.instanceId(), io.infrakit.spi.instance.DestroyContext.terminate());
                } catch (RuntimeException gone) {
                    LOG.warn("group={} instance={} destroy failed: {}", id, s.instanceId(), gone.getMessage());
                }
            } finally {
                ledger.warmStarts().done(s.instanceId());
            }
            onWork.run();
        });
    }

    /** Returns a member to the pool: out of traffic and counted in the pool from now on, then stopped. */
    void stop(GroupController.Binding b, Action.Stop s) {
        InstanceLifecycle l = lifecycle(b, s.instanceId());
        if (l == null || !mark(b, s.instanceId(), Tags.TRUE)) {
            return;
        }
        actions.execute(() -> {
            // Listeners (ingress) take it out of their balancers, as before a destroy.
            events.publish(EventType.DRAINING, id, s.instanceId(), s.reason());
            try {
                l.stop(s.instanceId());
                LOG.info("group={} instance={} stopped into the warm pool ({})", id, s.instanceId(), s.reason());
                events.publish(EventType.WARM_STOPPED, id, s.instanceId(), s.reason());
            } catch (RuntimeException e) {
                LOG.warn("group={} instance={} stop into the warm pool failed: {}", id, s.instanceId(), e.getMessage());
                events.publish(EventType.WARM_FAILED, id, s.instanceId(), "stop failed: " + e.getMessage());
            }
            onWork.run();
        });
    }

    private boolean stillWarm(GroupController.Binding b, String instanceId) {
        try {
            return b.instance().describeInstances(Map.of(Tags.GROUP, id), false).stream()
                    .noneMatch(d -> d.id().equals(instanceId) && "false".equals(d.tag(Tags.WARM)));
        } catch (RuntimeException e) {
            return true; // cannot tell: stop it as planned (a start later is harmless)
        }
    }

    private boolean mark(GroupController.Binding b, String instanceId, String warm) {
        try {
            b.instance().label(instanceId, Map.of(Tags.WARM, warm));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("group={} instance={} could not be marked {}={}: {}", id, instanceId, Tags.WARM, warm, e.getMessage());
            events.publish(EventType.WARM_FAILED, id, instanceId, "label failed: " + e.getMessage());
            onWork.run();
            return false;
        }
    }
}
