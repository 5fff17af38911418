package io.infrakit.core.group;

/** What the planner decided; the executor carries it out. */
public sealed interface Action {

    /** Why, for logs and events. */
    String reason();

    /** Provision one instance with the spec's config ({@code logicalId} for a pet, else null). */
    record Provision(String logicalId, String reason) implements Action {
    }

    /**
     * Destroy a member. {@code rollingUpdate} picks InfraKit's destroy reason {@code rolling_update}
     * instead of {@code terminate}; {@code drain} asks the flavor to drain it first.
     */
    record Destroy(String instanceId, boolean rollingUpdate, boolean drain, String reason) implements Action {
    }
}
