package io.infrakit.rpc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 over a unix socket, as {@link RpcClient} needs it. Two implementations:
 * {@link UnixHttpClient} (Jetty; pooled connections, for daemons) and {@link SimpleUnixHttp}
 * (java.nio only; a connection per call, for short CLI commands that must start fast).
 */
public interface UnixHttp extends AutoCloseable {

    /** What came back: status, content type (may be null) and the whole body. */
    record Answer(int status, String contentType, byte[] body) {
    }

    /**
     * Sends {@code POST /} ({@code Host: h}, {@code Content-Type: application/json}) and waits for the whole answer.
     *
     * @throws ExecutionException with the transport failure as cause (connection refused, reset, ...)
     * @throws TimeoutException   when no complete answer came within {@code timeout}
     */
    Answer post(Path socket, byte[] body, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException;

    /**
     * Same, saying whether the call may be sent twice. A pooled connection the plugin closed fails
     * with an EOF that cannot tell "never read" from "read, then closed": a transport may resend only
     * when {@code repeatable} (a second Instance.Provision would be a duplicate instance).
     */
    default Answer post(Path socket, byte[] body, Duration timeout, boolean repeatable)
            throws ExecutionException, TimeoutException, InterruptedException {
        return post(socket, body, timeout);
    }

    /** Sends {@code GET path} (used for {@code /info/api.json}). */
    Answer get(Path socket, String path, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException;

    @Override
    void close();
}
