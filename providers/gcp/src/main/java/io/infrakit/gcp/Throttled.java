package io.infrakit.gcp;

import com.google.api.gax.rpc.ApiException;
import io.infrakit.spi.PluginException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Our backoff for Compute Engine's rate limits (the SDK retries only idempotent reads, and not on
 * {@code rateLimitExceeded}): a limited call is made again after a pause that doubles from 200 ms
 * up to 5 s (with jitter), until the throttle timeout. Only calls that are safe to repeat come
 * here: reads, and changes that carry a request ID (Compute Engine then does them once).
 */
final class Throttled {

    private final Duration timeout;

    Throttled(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T call(Supplier<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 200;
        while (true) {
            try {
                return call.get();
            } catch (ApiException e) {
                if (!ComputeErrors.throttled(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("gcp: interrupted while waiting out Compute Engine's rate limit");
            }
            pause = Math.min(5000, pause * 2);
        }
    }
}
