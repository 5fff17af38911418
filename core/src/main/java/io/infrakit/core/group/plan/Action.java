package io.infrakit.core.group.plan;

/** What the planner decided; the executor carries it out. */
public sealed interface Action {

    /** Why, for logs and events. */
    String reason();

    /** Provision one instance with the spec's config ({@code logicalId} for a pet, else null). */
    record Provision(String logicalId, String reason) implements Action {
    }

    /** Why a member is destroyed. */
    enum Cause {
        /** The group is larger than its size. */
        SCALE_DOWN,
        /** The member has another config hash (InfraKit's destroy reason {@code rolling_update}). */
        ROLLING_UPDATE,
        /** The member was unhealthy for longer than the grace period. */
        UNHEALTHY,
        /** The member's logical ID left the spec, or another member holds the same logical ID. */
        NOT_IN_SPEC
    }

    /** Destroy a member; {@code drain} asks the flavor to drain it first. */
    record Destroy(String instanceId, Cause cause, boolean drain, String reason) implements Action {
        /** InfraKit's destroy reason: {@code rolling_update} for updates, {@code terminate} otherwise. */
        public boolean rollingUpdate() {
            return cause == Cause.ROLLING_UPDATE;
        }
    }

    /** Provision one instance into the warm pool: tagged {@code infrakit.warm=true}, then stopped. */
    record Prepare(String reason) implements Action {
    }

    /** Take a member from the warm pool: start it and drop its warm mark, so it serves. */
    record Start(String instanceId, String reason) implements Action {
    }

    /** Return a member to the warm pool instead of destroying it: mark it warm, then stop it. */
    record Stop(String instanceId, String reason) implements Action {
    }
}
