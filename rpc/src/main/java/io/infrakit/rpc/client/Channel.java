package io.infrakit.rpc.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Where an {@link RpcClient} sends its requests: one plugin, reached over a unix socket
 * ({@link UnixChannel}) or over a remote daemon's TLS listener ({@code remote.TlsChannel}).
 * The client owns the protocol (JSON-RPC bodies, errors); a channel only moves bytes and
 * explains its own transport's failures.
 */
public interface Channel {

    /**
     * Sends one JSON-RPC request body and waits for the whole answer. A channel may resend the
     * body after a failure that cannot tell "never read" from "read, then closed" only when
     * {@code repeatable}.
     *
     * @throws ExecutionException with the transport failure as cause (connection refused, reset, ...)
     * @throws TimeoutException   when no complete answer came within {@code timeout}
     */
    UnixHttp.Answer post(byte[] body, Duration timeout, boolean repeatable)
            throws ExecutionException, TimeoutException, InterruptedException;

    /** Where the plugin is, for messages: its socket path, or the remote daemon and plugin name. */
    String describe();

    /**
     * Checked before sending: why the plugin is certainly not there, with the fix (e.g. no socket
     * file), or null when it may be.
     */
    default String absent() {
        return null;
    }

    /**
     * A message for a transport failure this channel can explain better than the failure's own
     * text (a stale socket, a certificate mismatch), or null. {@code where} names the plugin.
     */
    default String explain(String where, Throwable cause) {
        return null;
    }
}
