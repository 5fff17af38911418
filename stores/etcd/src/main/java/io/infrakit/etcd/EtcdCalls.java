package io.infrakit.etcd;

import io.infrakit.spi.PluginException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for jetcd's futures with a bound, turning failures into messages a person can act on. */
final class EtcdCalls {
    private final Duration timeout;
    private final String endpoints;

    EtcdCalls(Duration timeout, String endpoints) {
        this.timeout = timeout;
        this.endpoints = endpoints;
    }

    Duration timeout() {
        return timeout;
    }

    <T> T await(String what, CompletableFuture<T> call) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new PluginException("etcd did not answer '" + what + "' within " + timeout.toSeconds()
                    + "s (endpoints " + endpoints + "): check that a majority of the members is up and reachable"
                    + " (a change sent meanwhile may still be applied when they are back: read before retrying)", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting for etcd '" + what + "'", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PluginException("etcd failed '" + what + "' (endpoints " + endpoints + "): " + cause.getMessage(), cause);
        }
    }
}
