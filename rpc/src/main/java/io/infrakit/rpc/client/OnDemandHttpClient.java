package io.infrakit.rpc.client;

import io.infrakit.spi.PluginException;
import org.eclipse.jetty.client.HttpClient;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A Jetty {@link HttpClient} started on first use (many registries never call out) and stopped
 * once on close; shared by the unix-socket and the remote TLS transports.
 */
public final class OnDemandHttpClient implements AutoCloseable {

    private final HttpClient http;
    private final String what;
    // A lock, not a monitor: every call of every virtual thread passes here, and starting Jetty
    // (threads, selectors) must not pin their carriers.
    private final ReentrantLock lock = new ReentrantLock();
    private boolean started;
    private boolean closed;

    /** {@code what} names the client in errors, e.g. "RPC client". */
    public OnDemandHttpClient(HttpClient http, String what) {
        this.http = http;
        this.what = what;
    }

    /** The started client; throws once closed. */
    public HttpClient get() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(what + " is closed");
            }
            if (!started) {
                try {
                    http.start();
                } catch (Exception e) {
                    throw new PluginException("cannot start the " + what + ": " + e.getMessage(), e);
                }
                started = true;
            }
            return http;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (started) {
                try {
                    http.stop();
                } catch (Exception e) {
                    // Closing must not fail the caller; the client's threads are daemons anyway.
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
