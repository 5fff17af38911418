package io.infrakit.core.group.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the controller remembers between observations, as the planner needs it: operations in
 * flight, consecutive provision failures (for backoff) and a paused rolling update.
 *
 * @param provisions          provisions issued and not yet visible
 * @param destroys            destroys issued, by instance ID
 * @param provisionFailures   consecutive failed provisions (0 after a success)
 * @param lastProvisionFailure when the last one failed, or null
 * @param updatePaused        why the rolling update is paused, or null; cleared by the next commit
 * @param failedRemediations  unhealthy members replaced in a row that had never been healthy (a broken
 *                            image): past MaxUnhealthy, replacement stops; reset when a member turns
 *                            healthy for the first time, and by a commit
 */
public record ControllerState(List<PendingProvision> provisions, Map<String, PendingDestroy> destroys,
                              int provisionFailures, Instant lastProvisionFailure, String updatePaused,
                              int failedRemediations) {

    public static final ControllerState EMPTY = new ControllerState(List.of(), Map.of(), 0, null, null, 0);

    public ControllerState {
        provisions = List.copyOf(provisions);
        destroys = Map.copyOf(destroys);
    }
}
