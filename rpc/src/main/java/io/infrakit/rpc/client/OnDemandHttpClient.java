package io.infrakit.rpc.client;

import io.infrakit.spi.PluginException;
import org.eclipse.jetty.client.HttpClient;

/**
 * A Jetty {@link HttpClient} started on first use (many registries never call out) and stopped
 * once on close; shared by the unix-socket and the remote TLS transports.
 */
public final class OnDemandHttpClient implements AutoCloseable {

    private final HttpClient http;
    private final String what;
    private boolean started;
    private boolean closed;

    /** {@code what} names the client in errors, e.g. "RPC client". */
    public OnDemandHttpClient(HttpClient http, String what) {
        this.http = http;
        this.what = what;
    }

    /** The started client; throws once closed. */
    public synchronized HttpClient get() {
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
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (started) {
            try {
                http.stop();
            } catch (Exception e) {
                // Closing must not fail the caller; the client's threads are daemons anyway.
            }
        }
    }
}
