package io.infrakit.core.group.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the controller remembers between observations, as the planner needs it: operations in
 * flight, consecutive provision failures (for backoff) and a paused rolling update.
 *
 * @param provisions           provisions issued and not yet visible
 * @param destroys             destroys issued, by instance ID
 * @param provisionFailures    consecutive failed provisions (0 after a success); for people
 * @param failedAttempts       consecutive provisioning attempts (the provisions one reconcile issued)
 *                             that failed with no success among them; the backoff's exponent, so that
 *                             32 provisions failing together wait 1 s, not 5 minutes
 * @param lastProvisionFailure when the last one failed, or null
 * @param updatePaused         why the rolling update is paused, or null; cleared by the next commit
 * @param failedRemediations   unhealthy members replaced in a row that had never been healthy (a broken
 *                             image): past MaxUnhealthy, replacement stops; reset when a member turns
 *                             healthy for the first time, and by a commit
 * @param rollback             why the group's current config is a rollback (automatic, or an aborted
 *                             canary), or null: a rollback is never rolled back, and rolls without phases
 * @param promoted             the canary of the current config was promoted: the update goes on
 */
public record ControllerState(List<PendingProvision> provisions, Map<String, PendingDestroy> destroys,
                              int provisionFailures, int failedAttempts, Instant lastProvisionFailure,
                              String updatePaused, int failedRemediations, String rollback, boolean promoted) {

    public static final ControllerState EMPTY = new ControllerState(List.of(), Map.of(), 0, 0, null, null, 0);

    /** A state without rollout marks: the current config is no rollback and no canary was promoted. */
    public ControllerState(List<PendingProvision> provisions, Map<String, PendingDestroy> destroys,
                           int provisionFailures, int failedAttempts, Instant lastProvisionFailure,
                           String updatePaused, int failedRemediations) {
        this(provisions, destroys, provisionFailures, failedAttempts, lastProvisionFailure, updatePaused,
                failedRemediations, null, false);
    }

    /** The same state with the rollout marks of the current config. */
    public ControllerState withRollout(String rollback, boolean promoted) {
        return new ControllerState(provisions, destroys, provisionFailures, failedAttempts, lastProvisionFailure,
                updatePaused, failedRemediations, rollback, promoted);
    }

    public ControllerState {
        provisions = List.copyOf(provisions);
        destroys = Map.copyOf(destroys);
    }

    /**
     * No provision before the returned instant, or null when provisioning may go on at {@code now}.
     * The one place the backoff window is computed: the planner and the status both ask here.
     */
    public Instant backoffUntil(Instant now) {
        if (failedAttempts <= 0 || lastProvisionFailure == null) {
            return null;
        }
        Instant until = lastProvisionFailure.plus(GroupPolicy.backoff(failedAttempts));
        return now.isBefore(until) ? until : null;
    }
}
