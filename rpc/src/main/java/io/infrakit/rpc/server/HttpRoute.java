package io.infrakit.rpc.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A GET route a socket or the TCP listener serves beside JSON-RPC ({@code /events}, {@code /metrics},
 * the dashboard). Routes run on the server's virtual threads, so blocking is fine; on the TCP
 * listener they run only after the caller was authenticated.
 */
@FunctionalInterface
public interface HttpRoute {

    /** Answers the request and returns true, or returns false (having written nothing) to leave it to others. */
    boolean serve(Request request, Response response, Callback callback) throws Exception;

    /** The server is stopping: end long-running answers (streams) now. */
    default void close() {
    }
}
