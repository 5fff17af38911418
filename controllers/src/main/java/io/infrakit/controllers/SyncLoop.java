package io.infrakit.controllers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one sync on a virtual thread: at start, every {@code interval}, and soon after each
 * {@link #trigger()}; triggers arriving during a sync make one more. A failed sync is logged and
 * retried at the next tick: the loop never dies of it.
 */
public final class SyncLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    private final Semaphore signal = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopped;

    public SyncLoop(String name, Duration interval, Runnable sync) {
        this.thread = Thread.ofVirtual().name(name).start(() -> {
            while (!stopped) {
                try {
                    sync.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: sync failed, retrying at the next tick: {}", name, e.getMessage());
                }
                try {
                    if (signal.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                        signal.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public void trigger() {
        signal.release();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
