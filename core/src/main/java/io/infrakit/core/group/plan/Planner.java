package io.infrakit.core.group.plan;

import java.time.Instant;
import java.util.List;

/**
 * The group controller's brain: a pure function from (spec, observed members, state, policy, now)
 * to the actions to take. No I/O, no clock, no randomness: the same inputs give the same plan, which
 * is what lets property tests hammer it and {@code CommitGroup(Pretend)} show it.
 *
 * <p>Rules it never breaks:
 * <ul>
 *   <li>it provisions only while members + in-flight provisions stay within size + maxSurge
 *       (and MaxInstances);</li>
 *   <li>it acts only on members carrying {@code infrakit.group=<id>}; anything else is invisible to it;</li>
 *   <li>during a rolling update it destroys an old member only while at least size - maxUnavailable
 *       members stay healthy, so the next batch starts only when the new members are healthy;</li>
 *   <li>it stops replacing unhealthy members when more than maxUnhealthy are unhealthy at once;</li>
 *   <li>a change of size alone never rolls: only the config hash decides what is outdated.</li>
 * </ul>
 *
 * <p>The work is split as InfraKit split it: {@link PlanningPass} holds the inputs and the rules both
 * strategies share (health, pause, remediation, backoff); {@link Scaler} plans a group with a size,
 * {@link Quorum} a group of logical IDs.
 */
public final class Planner {

    private Planner() {
    }

    public static Plan plan(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy,
                            Instant now) {
        return new PlanningPass(spec, observed, state, policy, now).plan();
    }
}
