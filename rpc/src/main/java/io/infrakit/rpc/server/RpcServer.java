package io.infrakit.rpc.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.RpcErrors;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.PluginException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Serves one {@link Dispatcher} on one unix socket with Jetty: {@code POST /} for JSON-RPC and
 * {@code GET /info/api.json}. Writes {@code <name>.pid} beside the socket and removes both on
 * {@link #close()}. Replaces a stale socket file nobody listens on; refuses to start when a live
 * process answers on it.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    /** Largest request body accepted. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** Idle connections (no request in progress) are closed after this long. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 5 * 60_000L;

    /** Oversized bodies are read and dropped up to this much so the client sees a clean answer. */
    private static final long MAX_DRAIN_BYTES = 256L * 1024 * 1024;

    private final Path socket;
    private final Path pidFile;
    private final Dispatcher dispatcher;
    /** GET routes beside JSON-RPC: /events for an event plugin, and what the daemon adds (metrics, dashboard). */
    private final java.util.List<HttpRoute> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StreamRoutes streams = new StreamRoutes();
    private final PeerCredentials peers;
    private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
    private Server server;
    private Thread shutdownHook;
    private boolean closed;

    /** Serves {@code dispatcher} on {@code socket}; the pid file is {@code socket + ".pid"}. */
    public RpcServer(Path socket, Dispatcher dispatcher) {
        this.socket = socket.toAbsolutePath();
        this.pidFile = this.socket.resolveSibling(this.socket.getFileName() + ".pid");
        this.dispatcher = dispatcher;
        this.peers = new PeerCredentials(this.socket);
        dispatcher.eventHistory().ifPresent(p -> routes.add(new EventStream(p)));
    }

    /** Also serves {@code route} (tried in the order added, before the JSON-RPC answer to other GETs). */
    public RpcServer addRoute(HttpRoute route) {
        routes.add(route);
        return this;
    }

    /** Serves {@code POST path} with {@code route} (e.g. the thin CLI client's {@code /cli}), now or after start. */
    public RpcServer route(String path, StreamRoute route) {
        streams.add(path, route);
        return this;
    }

    public Path socket() {
        return socket;
    }

    /** Before {@link #start()}: how long an idle connection stays open. */
    public RpcServer idleTimeout(java.time.Duration timeout) {
        this.idleTimeoutMillis = timeout.toMillis();
        return this;
    }

    public Path pidFile() {
        return pidFile;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Binds the socket and starts answering.
     *
     * @throws PluginException when the path is too long, a live plugin owns the socket, or binding fails
     */
    public synchronized RpcServer start() {
        if (server != null) {
            return this;
        }
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > InfrakitPaths.MAX_SOCKET_PATH_BYTES) {
            throw new PluginException("socket path " + socket + " is " + bytes + " bytes; unix sockets allow at most "
                    + InfrakitPaths.MAX_SOCKET_PATH_BYTES + ": set INFRAKIT_PLUGINS_DIR (or INFRAKIT_HOME) to a shorter folder");
        }
        try {
            SocketPermissions.restrictFolder(socket.getParent());
        } catch (IOException e) {
            throw new PluginException("cannot create the plugins folder " + socket.getParent() + ": " + e.getMessage(), e);
        }
        replaceStaleSocket();

        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("infrakit-" + dispatcher.socketName());
        // Handlers block (plugins call providers); virtual threads make that cheap. Made here rather than with
        // Jetty's VirtualThreads helper, which reaches them by reflection: its method accessors were generated
        // on every daemon's start path (docs/performance.md, "A lean daemon").
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("infrakit-rpc-" + dispatcher.socketName(), 0).factory()));
        Server s = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(s, new HttpConnectionFactory(config));
        connector.setUnixDomainPath(socket);
        connector.setIdleTimeout(idleTimeoutMillis);
        // A burst of clients (a controller provisioning in parallel) must queue, not get EAGAIN.
        connector.setAcceptQueueSize(1024);
        s.addConnector(connector);
        s.setHandler(new RpcHandler());
        s.setStopTimeout(2_000);
        try {
            s.start();
        } catch (Exception e) {
            try {
                s.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new PluginException("cannot serve plugin " + dispatcher.socketName() + " on " + socket + ": " + e, e);
        }
        server = s;
        try {
            // Whoever can connect can change the infrastructure: only our user may.
            SocketPermissions.restrictSocket(socket);
        } catch (IOException e) {
            LOG.warn("plugin {}: cannot make {} private (0600): {}", dispatcher.socketName(), socket, e.toString());
        }
        try {
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            LOG.warn("plugin {}: cannot write {}: {}", dispatcher.socketName(), pidFile, e.toString());
        }
        LOG.info("plugin {} listening on {}", dispatcher.socketName(), socket);
        return this;
    }

    /** Also closes on JVM shutdown (SIGTERM, Ctrl-C), so the socket and pid file do not outlive the process. */
    public synchronized RpcServer closeOnShutdown() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::closeQuietly, "infrakit-close-" + dispatcher.socketName());
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    private void replaceStaleSocket() {
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (!Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new PluginException("cannot serve plugin " + dispatcher.socketName() + ": " + socket
                        + " exists and is not a socket; move it away or set INFRAKIT_PLUGINS_DIR to another folder");
            }
        } catch (IOException e) {
            throw new PluginException("cannot check " + socket + ": " + e.getMessage(), e);
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            String pid = readPid();
            throw new PluginException("plugin " + dispatcher.socketName() + " is already running: a live process answers on "
                    + socket + (pid == null ? "" : " (pid " + pid + " from " + pidFile + ")")
                    + "; stop it first, or start this one under another name");
        } catch (ConnectException e) {
            // Nobody listens: a process died without cleaning up. Take the name over.
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(pidFile);
                LOG.info("plugin {}: replaced stale socket {}", dispatcher.socketName(), socket);
            } catch (IOException io) {
                throw new PluginException("cannot remove stale socket " + socket + ": " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new PluginException("cannot check whether " + socket + " is in use: " + e.getMessage()
                    + " (remove the file if no plugin runs under that name)", e);
        }
    }

    private String readPid() {
        try {
            return Files.readString(pidFile).trim();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
        routes.forEach(HttpRoute::close);
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("plugin {}: error while stopping: {}", dispatcher.socketName(), e.toString());
            }
            try {
                Files.deleteIfExists(socket);
                if (String.valueOf(ProcessHandle.current().pid()).equals(readPid())) {
                    Files.deleteIfExists(pidFile);
                }
            } catch (IOException e) {
                LOG.warn("plugin {}: cannot remove {}: {}", dispatcher.socketName(), socket, e.toString());
            }
            LOG.info("plugin {} stopped; removed {}", dispatcher.socketName(), socket);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // shutdown: nothing left to tell
        }
    }

    /** The HTTP side: routes, body limit, content types. Blocking is fine here (virtual threads). */
    private final class RpcHandler extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            String refused = peers.refusal(request);
            if (refused != null) {
                LOG.warn("plugin {}: refused a call on {}: {}", dispatcher.socketName(), path, refused);
                send(response, callback, 403, dispatcher.error(null, RpcErrors.INVALID_REQUEST, refused), true);
                return true;
            }
            StreamRoute route = streams.get(path);
            if (route != null && HttpMethod.POST.is(method)) {
                StreamRoutes.serve(route, request, response, callback);
                return true;
            }
            if (HttpMethod.GET.is(method) && path.equals("/info/api.json")) {
                byte[] doc;
                try {
                    doc = WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(dispatcher.apiInfo());
                } catch (JsonProcessingException e) {
                    doc = ("{\"error\":\"" + e.getOriginalMessage() + "\"}").getBytes(StandardCharsets.UTF_8);
                }
                send(response, callback, 200, doc, false);
                return true;
            }
            if (HttpMethod.GET.is(method)) {
                for (HttpRoute get : routes) {
                    if (get.serve(request, response, callback)) {
                        return true;
                    }
                }
            }
            if (!HttpMethod.POST.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                send(response, callback, 405, dispatcher.error(null, RpcErrors.INVALID_REQUEST,
                        "Invalid Request: JSON-RPC calls are POST / with a JSON body; GET serves /info/api.json, and where the"
                                + " daemon offers them /events, /metrics and /dashboard/"), false);
                return true;
            }
            long declared = request.getLength();
            if (declared > MAX_BODY_BYTES) {
                boolean drained = drain(Content.Source.asInputStream(request), MAX_DRAIN_BYTES);
                send(response, callback, 200, tooLarge(declared + " bytes"), !drained);
                return true;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
            InputStream in = Content.Source.asInputStream(request);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
                if (body.size() > MAX_BODY_BYTES) {
                    boolean drained = drain(in, MAX_DRAIN_BYTES);
                    send(response, callback, 200, tooLarge("more than " + MAX_BODY_BYTES + " bytes"), !drained);
                    return true;
                }
            }
            byte[] answer = dispatcher.handle(body.toByteArray());
            if (answer.length == 0) {
                // A notification: no JSON-RPC answer, an empty 200 as InfraKit's server sends.
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                response.write(true, null, callback);
                return true;
            }
            send(response, callback, 200, answer, false);
            return true;
        }

        private byte[] tooLarge(String size) {
            return dispatcher.error(null, RpcErrors.INVALID_REQUEST, "Invalid Request: the body is " + size
                    + ", over the limit of " + MAX_BODY_BYTES + " bytes (16 MiB); send smaller requests");
        }

        /** Reads and drops the rest of a body; false when it went on past {@code limit}. */
        private static boolean drain(InputStream in, long limit) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > limit) {
                    return false;
                }
            }
            return true;
        }

        private static void send(Response response, Callback callback, int status, byte[] body, boolean closeConnection) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            if (closeConnection) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
