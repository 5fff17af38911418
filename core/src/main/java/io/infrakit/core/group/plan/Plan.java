package io.infrakit.core.group.plan;

import java.time.Instant;
import java.util.List;

/**
 * The planner's answer: the actions to take now, and the state of the group as judged from the
 * same inputs (for status, events and {@code Converged}).
 *
 * @param actions            what to do now, in order
 * @param desired            members wanted
 * @param running            visible members carrying the group tag
 * @param healthy            of those, judged healthy
 * @param unhealthy          of those, judged unhealthy
 * @param provisioning       provisions in flight
 * @param destroying         destroys in flight (still visible)
 * @param outdated           members with another config hash (rolling update pending while > 0)
 * @param updatePaused       why the rolling update is paused, or null
 * @param remediationStopped why unhealthy members are not replaced, or null
 * @param backoffUntil       no provision before this, or null
 * @param converged          the group matches its spec and nothing is in flight
 * @param message            one line for people
 * @param rollout            where a phased update or canary stands (one line), or null
 * @param phase              index of the checkpoint the update works towards (or holds at), -1 without
 * @param holding            the update holds at a checkpoint (baking) or a canary (waiting for promote)
 * @param rollback           why the update is rolled back now (automatic rollback), or null
 * @param expired            members past Policy.MaxLifetime, to be replaced
 * @param protectedMembers   members with scale-in protection
 * @param standby            members on standby (not counted in running, healthy or desired)
 * @param warm               members in the warm pool (stopped, not counted in running, healthy or desired)
 * @param preparing          provisions into the warm pool in flight
 * @param batchLimited       the batch bound held actions back: this plan is one batch of the work, the
 *                           next passes plan the rest as this batch's calls finish
 */
public record Plan(List<Action> actions, int desired, int running, int healthy, int unhealthy, int provisioning,
                   int destroying, int outdated, String updatePaused, String remediationStopped,
                   Instant backoffUntil, boolean converged, String message, String rollout, int phase,
                   boolean holding, String rollback, int expired, int protectedMembers, int standby,
                   int warm, int preparing, boolean batchLimited) {

    /** A plan not cut by the batch bound. */
    public Plan(List<Action> actions, int desired, int running, int healthy, int unhealthy, int provisioning,
                int destroying, int outdated, String updatePaused, String remediationStopped, Instant backoffUntil,
                boolean converged, String message, String rollout, int phase, boolean holding, String rollback,
                int expired, int protectedMembers, int standby, int warm, int preparing) {
        this(actions, desired, running, healthy, unhealthy, provisioning, destroying, outdated, updatePaused,
                remediationStopped, backoffUntil, converged, message, rollout, phase, holding, rollback, expired,
                protectedMembers, standby, warm, preparing, false);
    }

    /** A plan without a warm pool. */
    public Plan(List<Action> actions, int desired, int running, int healthy, int unhealthy, int provisioning,
                int destroying, int outdated, String updatePaused, String remediationStopped, Instant backoffUntil,
                boolean converged, String message, String rollout, int phase, boolean holding, String rollback,
                int expired, int protectedMembers, int standby) {
        this(actions, desired, running, healthy, unhealthy, provisioning, destroying, outdated, updatePaused,
                remediationStopped, backoffUntil, converged, message, rollout, phase, holding, rollback, expired,
                protectedMembers, standby, 0, 0, false);
    }

    /** A plan without lifecycle policies. */
    public Plan(List<Action> actions, int desired, int running, int healthy, int unhealthy, int provisioning,
                int destroying, int outdated, String updatePaused, String remediationStopped, Instant backoffUntil,
                boolean converged, String message) {
        this(actions, desired, running, healthy, unhealthy, provisioning, destroying, outdated, updatePaused,
                remediationStopped, backoffUntil, converged, message, null, -1, false, null, 0, 0, 0, 0, 0, false);
    }

    public long provisions() {
        return actions.stream().filter(a -> a instanceof Action.Provision).count();
    }

    public long destroys() {
        return actions.stream().filter(a -> a instanceof Action.Destroy).count();
    }
}
