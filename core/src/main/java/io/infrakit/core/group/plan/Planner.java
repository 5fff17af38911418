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
 *   <li>a change of size alone never rolls: only the config hash decides what is outdated;</li>
 *   <li>a plan holds at most one batch of actions, and fewer while calls of the last batches still run
 *       (provision and destroy calls not returned count against it), so its size never depends on the
 *       group's size: {@code Size: 1000000000} plans one batch, and the group converges batch by batch.</li>
 * </ul>
 *
 * <p>The work is split as InfraKit split it: {@link PlanningPass} holds the inputs and the rules both
 * strategies share (health, pause, remediation, backoff); {@link Scaler} plans a group with a size,
 * {@link Quorum} a group of logical IDs.
 */
public final class Planner {

    /**
     * The batch when none is given (the group controller's {@code batch} option): 32 rounds of its default
     * max-parallel, so that the executor always has work queued while the next pass observes, and a group of
     * 10,000 converges in about ten passes, not three hundred.
     */
    public static final int DEFAULT_BATCH = 1024;

    private Planner() {
    }

    /** A plan of at most {@link #DEFAULT_BATCH} actions. */
    public static Plan plan(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy,
                            Instant now) {
        return plan(spec, observed, state, policy, now, DEFAULT_BATCH);
    }

    /**
     * @param batch the most calls a group may have queued or running at once (the controller's batch option):
     *              the plan holds at most {@code batch} actions, minus the provision and destroy calls not returned
     */
    public static Plan plan(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy,
                            Instant now, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1; got " + batch);
        }
        return new PlanningPass(spec, observed, state, policy, now, batch).plan();
    }
}
