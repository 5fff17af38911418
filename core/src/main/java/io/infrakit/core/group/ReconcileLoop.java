package io.infrakit.core.group;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a group's reconciles on a virtual thread: one at start, then one per poll interval, and one
 * soon after each {@link #trigger()} (commit, finished action, provider change). Triggers arriving
 * while a reconcile runs are coalesced into one more pass.
 */
final class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    /** Pause after a trigger before reconciling, so that triggers arriving together make one pass. */
    static final long DEBOUNCE_MILLIS = 20;

    private final GroupController controller;
    private final boolean enabled;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    ReconcileLoop(GroupController controller, boolean enabled) {
        this.controller = controller;
        this.enabled = enabled;
    }

    void start() {
        if (enabled) {
            thread = Thread.ofVirtual().name("group-" + controller.id()).start(this::run);
        }
    }

    void trigger() {
        if (enabled && signal.availablePermits() == 0) {
            signal.release();
        }
    }

    private void run() {
        while (!closed) {
            try {
                controller.reconcile();
            } catch (RuntimeException e) {
                LOG.warn("group={} reconcile failed: {}", controller.id(), e.toString());
            }
            try {
                long poll = controller.pollInterval().toMillis();
                if (signal.tryAcquire(poll, TimeUnit.MILLISECONDS)) {
                    // Let a burst of finishing actions land before observing again: one pass, not hundreds.
                    settle(Math.min(poll, DEBOUNCE_MILLIS));
                }
                signal.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits {@code millis}; a group converging batch by batch (its last plan was cut by the batch bound)
     * waits only until its calls have returned, so that the next batch follows at once: with a fast provider
     * a fixed pause per batch would be most of the time a large group takes.
     */
    private void settle(long millis) throws InterruptedException {
        var last = controller.lastPlan();
        if (last == null || !last.batchLimited()) {
            Thread.sleep(millis);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (controller.callsRunning() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
