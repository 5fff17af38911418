package io.infrakit.core.group.plan;

/**
 * The bound on one plan: at most {@code size} actions (the controller's batch option), minus the provision
 * and destroy calls of earlier batches still running. It is what keeps a plan's size independent of the
 * group's: {@code Size: 1000000000} from nothing plans one batch, not a billion provisions; the next passes
 * plan the next batches as calls return. Taking less than asked is always safe (the planner's bounds are
 * upper bounds); {@link #limited()} tells the plan that work was held back for a later pass.
 */
final class Batch {

    private final int size;
    private int left;
    private boolean limited;

    Batch(int size, ControllerState state) {
        this.size = size;
        int running = 0;
        for (PendingProvision p : state.provisions()) {
            if (p.instanceId() == null) {
                running++; // recorded before its call starts: queued or running, it holds a place
            }
        }
        for (PendingDestroy d : state.destroys().values()) {
            if (d.completedAt() == null) {
                running++; // a destroy held by a terminate hook too: it has yet to run
            }
        }
        this.left = Math.max(0, size - running);
    }

    int size() {
        return size;
    }

    /** Of {@code want} actions, how many this batch takes (all of them, or what is left); counts them taken. */
    int take(int want) {
        if (want <= 0) {
            return 0;
        }
        int k = Math.min(want, left);
        if (k < want) {
            limited = true;
        }
        left -= k;
        return k;
    }

    /** Of {@code want} actions, how many fit (marking the rest held back), without taking them. */
    int cap(int want) {
        if (want > left) {
            limited = true;
            return left;
        }
        return want;
    }

    /** Takes one action when there is room; false (and held back) when the batch is full. */
    boolean takeOne() {
        return take(1) == 1;
    }

    /** How many more actions fit, without taking them. */
    int left() {
        return left;
    }

    /** True when something was held back for a later batch. */
    boolean limited() {
        return limited;
    }
}
