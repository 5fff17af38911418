package io.infrakit.rpc.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link StreamRoute}s of one {@link RpcServer}, by path, and how Jetty's request becomes their streams. */
public final class StreamRoutes {

    private final Map<String, StreamRoute> routes = new ConcurrentHashMap<>();

    void add(String path, StreamRoute route) {
        routes.put(path, route);
    }

    StreamRoute get(String path) {
        return routes.get(path);
    }

    /** Serves one exchange of {@code route} (also on the TCP listener, after its authentication). */
    public static void serve(StreamRoute route, Request request, Response response, Callback callback) {
        // A watch may print nothing for a long time: the connection lives as long as the call.
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(0);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        try (InputStream in = Content.Source.asInputStream(request);
             OutputStream out = Content.Sink.asOutputStream(response)) {
            route.serve(in, out);
        } catch (Throwable t) {
            callback.failed(t);
            return;
        }
        callback.succeeded();
    }
}
