package io.infrakit.core.group;

import io.infrakit.core.group.plan.Plan;

/**
 * Told about every reconcile pass of every group (metrics). Called on the group's reconcile thread
 * after the pass: it must be quick, must not block and must not call the controller back.
 */
@FunctionalInterface
public interface ReconcileListener {

    ReconcileListener NONE = (group, plan, nanos) -> {
    };

    /** @param plan what the pass decided, or null when observing the group failed */
    void reconciled(String group, Plan plan, long nanos);
}
