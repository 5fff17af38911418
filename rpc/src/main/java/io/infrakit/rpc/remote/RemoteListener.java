package io.infrakit.rpc.remote;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves plugins of this process on TCP with TLS, for managers and CLIs on other hosts.
 * {@code POST /} goes to the default plugin (the manager), {@code POST /NAME} to the plugin served
 * on socket NAME, {@code GET /NAME/info/api.json} to its API description. Every request must come
 * with a client certificate signed by the configured CA (checked in the TLS handshake) or with
 * {@code Authorization: Bearer TOKEN}; anything else gets HTTP 401 and reaches no plugin.
 */
public final class RemoteListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteListener.class);
    /** Same limit as the unix socket server. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** JSON-RPC error code for refused credentials (in the server-defined range). */
    public static final int UNAUTHORIZED = -32001;
    private static final int INVALID_REQUEST = -32600;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Connections at once, all callers, where the file-descriptor limit allows it (else less, see {@link FdBudget}): far
     * below a daemon's limit, so the unix sockets and the store keep theirs.
     */
    public static final int MAX_CONNECTIONS = 512;
    /** Connections at once from one source address. */
    public static final int MAX_PER_ADDRESS = 64;
    /** A TLS handshake not finished by then is dropped (a slow trickle never gets a connection held). */
    public static final java.time.Duration HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(5);
    /** A connection silent this long is closed. */
    public static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(30);
    private final ConnectionGuard.RateLimitedLog refused = new ConnectionGuard.RateLimitedLog(log, java.time.Duration.ofSeconds(1));

    private final RemoteListenerSettings settings;
    private final Map<String, RemoteEndpoint> endpoints;
    private final String defaultName;
    /** GET routes beside the plugins (metrics, dashboard, the manager's /events), after authentication. */
    private final java.util.List<io.infrakit.rpc.server.HttpRoute> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Server server;
    private ServerConnector connector;
    private int maxConnections;
    private ConnectionGuard guard;

    /**
     * @param endpoints   plugins by socket name
     * @param defaultName the one {@code POST /} reaches (normally the manager, "group")
     */
    public RemoteListener(RemoteListenerSettings settings, Map<String, RemoteEndpoint> endpoints, String defaultName) {
        if (!endpoints.containsKey(defaultName)) {
            throw new IllegalArgumentException("default plugin " + defaultName + " is not among " + endpoints.keySet());
        }
        this.settings = settings;
        this.endpoints = new LinkedHashMap<>(endpoints);
        this.defaultName = defaultName;
    }

    /** The endpoints for plugins served by these dispatchers, by socket name. */
    public static Map<String, RemoteEndpoint> endpoints(java.util.Collection<io.infrakit.rpc.server.Dispatcher> dispatchers) {
        Map<String, RemoteEndpoint> byName = new LinkedHashMap<>();
        for (io.infrakit.rpc.server.Dispatcher d : dispatchers) {
            byName.put(d.socketName(), new RemoteEndpoint(d::handle, () -> {
                try {
                    return io.infrakit.rpc.WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(d.apiInfo());
                } catch (JsonProcessingException e) {
                    return error(INVALID_REQUEST, "cannot encode the API description: " + e.getOriginalMessage());
                }
            }));
        }
        return byName;
    }

    /** Streamed exchanges ({@code POST PATH}) beside the plugins: the thin CLI client's {@code /cli}. */
    private final Map<String, io.infrakit.rpc.server.StreamRoute> streams = new java.util.concurrent.ConcurrentHashMap<>();

    /** Also serves {@code route} on {@code POST path} to authenticated callers (before the plugins' paths). */
    public RemoteListener route(String path, io.infrakit.rpc.server.StreamRoute route) {
        streams.put(path, route);
        return this;
    }

    /** Before {@link #start()}: also serves {@code route} to authenticated callers (before the plugins' paths). */
    public RemoteListener addRoute(io.infrakit.rpc.server.HttpRoute route) {
        routes.add(route);
        return this;
    }

    public synchronized RemoteListener start() {
        if (server != null) {
            return this;
        }
        int cap = FdBudget.ofThisProcess().connections(MAX_CONNECTIONS);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(PemFiles.keyStore(settings.certFile(), settings.keyFile()));
        tls.setKeyStorePassword(new String(PemFiles.STORE_PASSWORD));
        tls.setKeyManagerPassword(new String(PemFiles.STORE_PASSWORD));
        if (settings.clientCaFile() != null) {
            tls.setTrustStore(PemFiles.trustStore(settings.clientCaFile()));
            tls.setTrustStorePassword(new String(PemFiles.STORE_PASSWORD));
            // "want", not "need": a caller may instead bring a token. A certificate that is shown
            // but not signed by the CA still fails the handshake.
            tls.setWantClientAuth(true);
        }

        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("infrakit-remote");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("infrakit-remote"));
        Server s = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach us by IP as often as by name; the certificate check is theirs to make.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        GuardedConnector c = new GuardedConnector(s, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        c.setHost(settings.host());
        c.setPort(settings.port());
        c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        ConnectionGuard g = new ConnectionGuard(cap, Math.min(MAX_PER_ADDRESS, cap), HANDSHAKE_TIMEOUT, c.getScheduler());
        c.guard = g;
        c.addBean(g);
        c.getSelectorManager().addEventListener(g);
        s.addConnector(c);
        s.setHandler(new Gate());
        s.setStopTimeout(2_000);
        try {
            s.start();
        } catch (Exception e) {
            try {
                s.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new PluginException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage()
                    + " (is the port in use? pick another with --listen HOST:PORT)", e);
        }
        server = s;
        connector = c;
        maxConnections = cap;
        guard = g;
        log.info("listening on tcp {}:{} with TLS (client certificates: {}, tokens: {}) for plugins {}; at most {} TCP connections",
                settings.host(), port(), settings.clientCaFile() != null, !settings.tokens().isEmpty(), endpoints.keySet(), cap);
        return this;
    }

    /** The connections TCP callers may hold at once, once started: {@link #MAX_CONNECTIONS} or less under a low fd limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** TCP connections open now (admitted and not yet closed). */
    public int openConnections() {
        return guard == null ? 0 : guard.open();
    }

    /** A connector that lets its guard admit or refuse each connection as it is accepted, before the selector sees it. */
    private static final class GuardedConnector extends ServerConnector {
        private volatile ConnectionGuard guard;

        GuardedConnector(Server server, org.eclipse.jetty.server.ConnectionFactory... factories) {
            super(server, factories);
        }

        @Override
        protected void configure(java.net.Socket socket) {
            super.configure(socket);
            if (guard != null && !guard.admit(socket.getChannel())) {
                try {
                    socket.close(); // Jetty then fails to register it and drops it (a debug line, nothing more)
                } catch (java.io.IOException ignored) {
                    // closing is all we wanted
                }
            }
        }
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        return connector == null ? settings.port() : connector.getLocalPort();
    }

    @Override
    public synchronized void close() {
        routes.forEach(io.infrakit.rpc.server.HttpRoute::close);
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                log.warn("error stopping the TCP listener: {}", e.toString());
            }
            server = null;
        }
    }

    /** Authentication first, then routing to a plugin. */
    private final class Gate extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String who = caller(request);
            if (who == null) {
                // At most one line a second: an unauthenticated caller must not be able to fill the disk.
                refused.warn("refused remote call from={} path={} reason=no valid client certificate or bearer token",
                        Request.getRemoteAddr(request), Request.getPathInContext(request));
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"infrakit\"");
                send(response, callback, 401, error(UNAUTHORIZED, "unauthorized: present a client certificate signed by the "
                        + "daemon's client CA, or send 'Authorization: Bearer TOKEN' with a token from its token file"));
                return true;
            }
            if (HttpMethod.GET.is(request.getMethod())) {
                for (io.infrakit.rpc.server.HttpRoute route : routes) {
                    if (route.serve(request, response, callback)) {
                        return true;
                    }
                }
            }
            String path = Request.getPathInContext(request);
            io.infrakit.rpc.server.StreamRoute stream = streams.get(path);
            if (stream != null && HttpMethod.POST.is(request.getMethod())) {
                log.debug("remote stream caller={} path={}", who, path);
                io.infrakit.rpc.server.StreamRoutes.serve(stream, request, response, callback);
                return true;
            }
            String name = defaultName;
            String rest = path;
            if (path.length() > 1) {
                int slash = path.indexOf('/', 1);
                String first = slash < 0 ? path.substring(1) : path.substring(1, slash);
                if (endpoints.containsKey(first)) {
                    name = first;
                    rest = slash < 0 ? "/" : path.substring(slash);
                }
            }
            RemoteEndpoint endpoint = endpoints.get(name);
            if (HttpMethod.GET.is(request.getMethod()) && rest.equals("/info/api.json")) {
                send(response, callback, 200, endpoint.apiInfo().json());
                return true;
            }
            if (!HttpMethod.POST.is(request.getMethod()) || !rest.equals("/")) {
                send(response, callback, 404, error(INVALID_REQUEST, "no such path " + path + ": POST / or /NAME for plugins "
                        + endpoints.keySet() + ", GET /NAME/info/api.json"));
                return true;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            InputStream in = Content.Source.asInputStream(request);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
                if (body.size() > MAX_BODY_BYTES) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    send(response, callback, 413, error(INVALID_REQUEST, "the body is over " + MAX_BODY_BYTES + " bytes; send smaller requests"));
                    return true;
                }
            }
            log.debug("remote call caller={} plugin={}", who, name);
            send(response, callback, 200, endpoint.handler().handle(body.toByteArray()));
            return true;
        }

        /** Who is calling, or null when nobody we know. */
        private String caller(Request request) {
            if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
                X509Certificate[] chain = tls.peerCertificates();
                // The TLS layer already verified the chain against the client CA (if one is set).
                if (settings.clientCaFile() != null && chain != null && chain.length > 0) {
                    return "cert:" + chain[0].getSubjectX500Principal().getName();
                }
            }
            if (settings.tokens().accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                return "token";
            }
            return null;
        }
    }

    /** A JSON-RPC error answer that reached no plugin (so it has no request id). */
    @JsonPropertyOrder({"jsonrpc", "error", "id"})
    record ErrorAnswer(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("error") Failure error,
                       @JsonProperty("id") Object id) {
    }

    record Failure(@JsonProperty("code") int code, @JsonProperty("message") String message) {
    }

    private static byte[] error(int code, String message) {
        try {
            return JSON.writeValueAsBytes(new ErrorAnswer("2.0", new Failure(code, message), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string record always encodes", e);
        }
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
