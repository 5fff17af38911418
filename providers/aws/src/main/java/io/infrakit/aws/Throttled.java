package io.infrakit.aws;

import io.infrakit.spi.PluginException;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Our backoff on top of the SDK's retry strategy: a call that is still throttled after the SDK's
 * attempts is made again after a pause that doubles from 200 ms up to 5 s (with jitter), until
 * the throttle timeout. A call is only given here when repeating it is safe: reads, tags, and
 * RunInstances with the same client token (EC2 then launches nothing twice).
 */
final class Throttled {

    private static final Duration FIRST = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(5);

    private final Duration timeout;

    Throttled(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T call(Supplier<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST.toMillis();
        while (true) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (!Ec2Errors.throttled(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("aws: interrupted while waiting out EC2's throttling");
            }
            pause = Math.min(MAX.toMillis(), pause * 2);
        }
    }
}
