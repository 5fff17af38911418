package io.infrakit.gcp;

import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import io.infrakit.spi.PluginException;

import java.time.Duration;

/**
 * Waits on a zonal operation: reads it with zoneOperations.get until it is DONE, pausing
 * {@code pollInterval} at first and half again longer each time, up to 10 s, for at most the
 * operation timeout. Reads are rate-limited like any call and go through our backoff.
 */
public final class ZoneOperations implements AutoCloseable {

    private final ZoneOperationsClient client;
    private final GcpOptions options;
    private final Throttled throttled;

    public ZoneOperations(ZoneOperationsClient client, GcpOptions options) {
        this.client = client;
        this.options = options;
        this.throttled = new Throttled(options.throttleTimeout());
    }

    /** The operation once DONE (with or without an error). */
    Operation await(Operation op) {
        long deadline = System.nanoTime() + options.operationTimeout().toNanos();
        long pause = options.pollInterval().toMillis();
        Operation current = op;
        while (current.getStatus() != Operation.Status.DONE) {
            if (System.nanoTime() > deadline) {
                throw new PluginException("gcp: operation " + op.getName() + " (" + op.getOperationType() + " of " + op.getTargetLink()
                        + ") is not done after " + options.operationTimeout().toSeconds() + "s (operation-timeout); look at it in the console");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("gcp: interrupted while waiting on operation " + op.getName());
            }
            pause = Math.min(Duration.ofSeconds(10).toMillis(), pause * 3 / 2);
            String name = op.getName();
            current = throttled.call(() -> client.get(options.project(), options.zone(), name));
        }
        return current;
    }

    @Override
    public void close() {
        client.close();
    }

}
