package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.ControllerState;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.Plan;
import io.infrakit.spi.group.GroupStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Turns what changed between two plans into events (an update started, paused or completed,
 * remediation stopped or resumed, provisioning backed off, converged), and the ledger plus the last
 * plan into the group's status.
 */
final class Transitions {

    private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);

    private final String id;
    private final EventBus events;

    Transitions(String id, EventBus events) {
        this.id = id;
        this.events = events;
    }

    /**
     * @param previous    the plan before (null on the first reconcile)
     * @param newlyPaused why the update pauses, when it pauses with this plan
     * @param before      the ledger the plan was made from
     */
    void publish(Plan previous, Plan plan, String newlyPaused, ControllerState before, GroupConfig cfg) {
        if (newlyPaused != null) {
            LOG.warn("group={} rolling update paused: {}", id, newlyPaused);
            events.publish(EventType.UPDATE_PAUSED, id, null, newlyPaused);
        }
        boolean wasUpdating = previous != null && previous.outdated() > 0;
        if (plan.outdated() > 0 && !wasUpdating) {
            events.publish(EventType.UPDATE_STARTED, id, null, plan.outdated() + " members to update to config "
                    + cfg.configHash());
        } else if (plan.outdated() == 0 && wasUpdating) {
            events.publish(EventType.UPDATE_COMPLETED, id, null, "every member has config " + cfg.configHash());
        }
        rollout(previous, plan);
        String wasStopped = previous == null ? null : previous.remediationStopped();
        if (plan.remediationStopped() != null && wasStopped == null) {
            LOG.warn("group={} remediation stopped: {}", id, plan.remediationStopped());
            events.publish(EventType.REMEDIATION_STOPPED, id, null, plan.remediationStopped());
        } else if (plan.remediationStopped() == null && wasStopped != null) {
            events.publish(EventType.REMEDIATION_RESUMED, id, null, "unhealthy members are replaced again");
        }
        boolean wasBackoff = previous != null && previous.backoffUntil() != null;
        if (plan.backoffUntil() != null && !wasBackoff) {
            int attempts = before.failedAttempts();
            events.publish(EventType.PROVISION_BACKOFF, id, null, "after " + before.provisionFailures()
                    + " failed provisions in " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + ", next attempt at " + plan.backoffUntil());
        }
        if (plan.converged() && (previous == null || !previous.converged())) {
            LOG.info("group={} converged at {} members", id, plan.desired());
            events.publish(EventType.CONVERGED, id, null, plan.desired() + " members, config " + cfg.configHash());
        }
    }

    /** Checkpoints reached and passed, a canary ready: each once. */
    private void rollout(Plan previous, Plan plan) {
        int was = previous == null ? -1 : previous.phase();
        boolean wasHolding = previous != null && previous.holding();
        if (plan.phase() > was && was >= 0) {
            events.publish(EventType.CHECKPOINT_PASSED, id, null, "checkpoint " + (was + 1) + " passed");
        }
        if (plan.holding() && !(wasHolding && was == plan.phase())) {
            boolean canary = plan.rollout() != null && plan.rollout().startsWith("canary");
            LOG.info("group={} {}", id, plan.rollout());
            events.publish(canary ? EventType.CANARY_READY : EventType.CHECKPOINT_REACHED, id, null, plan.rollout());
        }
    }

    /** The group's status from the last plan, with the ledger as it is at {@code now}. */
    static GroupStatus status(GroupConfig cfg, InFlight.View view, Instant now) {
        ControllerState st = view.state();
        Plan p = view.lastPlan();
        if (p == null) {
            return new GroupStatus(cfg.desired(), 0, 0, 0, st.provisions().size(), st.destroys().size(), 0, false,
                    st.updatePaused(), null, st.provisionFailures(), null, view.lastError(), "not observed yet");
        }
        // Failures since the last plan count too: the window is the ledger's, computed where the planner's is.
        Instant backoffUntil = st.backoffUntil(now);
        return new GroupStatus(cfg.desired(), p.running(), p.healthy(), p.unhealthy(), p.provisioning(),
                p.destroying(), p.outdated(), p.converged() && cfg.desired() == p.desired(), st.updatePaused(),
                p.remediationStopped(), st.provisionFailures(), backoffUntil == null ? null : backoffUntil.toString(),
                view.lastError(), p.message());
    }
}
