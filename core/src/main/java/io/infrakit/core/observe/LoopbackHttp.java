package io.infrakit.core.observe;

import io.infrakit.rpc.server.HttpRoute;
import io.infrakit.spi.PluginException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Plain HTTP on a loopback address for read-only views ({@code --metrics 127.0.0.1:9464} for a
 * local Prometheus, {@code --dashboard 127.0.0.1:8080} for a browser on this host). No TLS and no
 * credentials, so only loopback addresses are accepted: anything reachable from other hosts goes
 * through {@code --listen}, which authenticates.
 */
public final class LoopbackHttp implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final List<HttpRoute> routes;

    private LoopbackHttp(Server server, ServerConnector connector, List<HttpRoute> routes) {
        this.server = server;
        this.connector = connector;
        this.routes = routes;
    }

    /**
     * Checks an address before anything starts: HOST:PORT with a loopback HOST. Returns {host, port}.
     *
     * @throws IllegalArgumentException naming the option, the value and the fix
     */
    public static String[] check(String option, String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException(option + " '" + address + "' is not HOST:PORT; use e.g. " + option + " 127.0.0.1:"
                    + (option.contains("metrics") ? "9464" : "8080"));
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " '" + address + "': the port must be a number from 0 to 65535");
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException(option + " '" + address + "': " + host + " is not a loopback address; this port has"
                        + " no authentication, so it listens on 127.0.0.1 or ::1 only (remote callers use --listen with TLS)");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + " '" + address + "': unknown host " + host + "; use 127.0.0.1");
        }
        return new String[]{host, Integer.toString(port)};
    }

    /**
     * @param option  the option's name, for messages ({@code --metrics})
     * @param address HOST:PORT with a loopback HOST (127.0.0.1, ::1, localhost); port 0 picks one
     * @throws IllegalArgumentException for an address that is malformed or not loopback
     * @throws PluginException          when the port cannot be bound
     */
    public static LoopbackHttp start(String option, String address, List<HttpRoute> routes) {
        String[] hostPort = check(option, address);
        String host = hostPort[0];
        int port = Integer.parseInt(hostPort[1]);
        QueuedThreadPool threads = new QueuedThreadPool(16, 1);
        threads.setName("infrakit-http-" + option.replace("-", ""));
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("infrakit-http"));
        Server s = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        ServerConnector c = new ServerConnector(s, new HttpConnectionFactory(config));
        c.setHost(host);
        c.setPort(port);
        s.addConnector(c);
        List<HttpRoute> copy = List.copyOf(routes);
        s.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                for (HttpRoute r : copy) {
                    if (r.serve(request, response, callback)) {
                        return true;
                    }
                }
                byte[] body = ("not found: " + Request.getPathInContext(request) + "\n").getBytes(StandardCharsets.UTF_8);
                response.setStatus(404);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        s.setStopTimeout(1_000);
        try {
            s.start();
        } catch (Exception e) {
            try {
                s.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new PluginException("cannot listen on " + address + " for " + option + ": " + e.getMessage()
                    + " (is the port in use? pick another)", e);
        }
        return new LoopbackHttp(s, c, copy);
    }

    /** The bound port (the one picked when the address asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        routes.forEach(HttpRoute::close);
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing left to tell
        }
    }
}
