package io.infrakit.rpc.host;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * The daemon runtime: starts built-in plugin kinds in this JVM, registers their objects in the
 * {@link PluginRegistry} (so co-located plugins call each other directly) and serves each on its
 * own socket (so any process, in any language, can reach it). {@link #close()} undoes it all, in
 * reverse order.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** A plugin this host runs. */
    public record Served(String kind, String name, Path socket, Map<String, List<String>> objects,
                         RunningPlugin plugin, RpcServer server) {
    }

    /** What a kind gets at start. */
    record Context(Path home, Path pluginsDir, PluginLookup plugins, Map<String, String> options) implements PluginContext {
    }

    private final InfrakitPaths paths;
    private final PluginRegistry registry;
    private final RpcInterfaces interfaces;
    private final Map<String, PluginKind> kinds;
    private final List<Served> served = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final boolean ownsRegistry;
    private Thread shutdownHook;

    /**
     * @param registry where started objects are registered; the caller keeps owning it (closes it)
     * @param kinds    the kinds that can be started, by name (see {@link #installedKinds()})
     */
    public PluginHost(InfrakitPaths paths, PluginRegistry registry, RpcInterfaces interfaces, Map<String, PluginKind> kinds) {
        this(paths, registry, interfaces, kinds, false);
    }

    private PluginHost(InfrakitPaths paths, PluginRegistry registry, RpcInterfaces interfaces, Map<String, PluginKind> kinds,
                       boolean ownsRegistry) {
        this.ownsRegistry = ownsRegistry;
        this.paths = paths;
        this.registry = registry;
        this.interfaces = interfaces;
        this.kinds = Collections.unmodifiableMap(new TreeMap<>(kinds));
    }

    /** A host with the kinds and RPC bindings found on the class path, and its own registry (closed with the host). */
    public static PluginHost create(InfrakitPaths paths) {
        RpcInterfaces interfaces = RpcInterfaces.discover();
        return new PluginHost(paths, new PluginRegistry(paths, interfaces, io.infrakit.rpc.client.RpcClient.DEFAULT_TIMEOUT),
                interfaces, installedKinds(), true);
    }

    /** The kinds listed in {@code META-INF/services/io.infrakit.spi.plugin.PluginKind}, by name. */
    public static Map<String, PluginKind> installedKinds() {
        Map<String, PluginKind> found = new TreeMap<>();
        for (PluginKind kind : ServiceLoader.load(PluginKind.class)) {
            found.putIfAbsent(kind.name(), kind);
        }
        return found;
    }

    public PluginRegistry registry() {
        return registry;
    }

    public Map<String, PluginKind> kinds() {
        return kinds;
    }

    public synchronized List<Served> served() {
        return List.copyOf(served);
    }

    /**
     * Starts kinds given as {@code KIND} or {@code KIND:NAME} (NAME = socket name, default the
     * socket name the kind chooses). All or nothing: when one fails, those started are closed.
     *
     * @throws IllegalArgumentException for bad input: unknown kind, unknown or bad option, clashing names
     * @throws PluginException          when a plugin cannot start or its socket is taken by a live plugin
     *
     * @param options per kind, from {@link PluginOptions#parse}
     */
    public synchronized List<Served> startAll(List<String> specs, Map<String, Map<String, String>> options) {
        for (String kindName : options.keySet()) {
            boolean used = specs.stream().anyMatch(s -> s.equals(kindName) || s.startsWith(kindName + ":"));
            if (!used) {
                throw new IllegalArgumentException("options given for kind '" + kindName + "', which is not being started (starting: " + specs + ")");
            }
        }
        List<Served> started = new ArrayList<>();
        try {
            for (String spec : specs) {
                int colon = spec.indexOf(':');
                String kind = colon < 0 ? spec : spec.substring(0, colon);
                String name = colon < 0 ? null : spec.substring(colon + 1);
                started.add(start(kind, name, options.getOrDefault(kind, Map.of())));
            }
            return started;
        } catch (RuntimeException e) {
            for (Served s : started.reversed()) {
                stop(s);
            }
            throw e;
        }
    }

    /**
     * Starts one kind and serves it.
     *
     * @param socketName the socket name, or null for the one the kind chooses
     */
    public synchronized Served start(String kindName, String socketName, Map<String, String> options) {
        PluginKind kind = kinds.get(kindName);
        if (kind == null) {
            throw new IllegalArgumentException("unknown plugin kind '" + kindName + "'; known kinds: "
                    + (kinds.isEmpty() ? "none (no provider module on the class path)" : String.join(", ", kinds.keySet())));
        }
        checkOptions(kind, options);
        RunningPlugin plugin;
        try {
            plugin = kind.start(new Context(paths.home(), paths.pluginsDir(), registry, Map.copyOf(options)));
        } catch (IllegalArgumentException e) {
            // the kind refused its options: bad input, not a failure
            throw new IllegalArgumentException("plugin kind '" + kindName + "': " + e.getMessage(), e);
        } catch (PluginException e) {
            throw new PluginException("cannot start plugin kind '" + kindName + "': " + e.getMessage(), e);
        } catch (Exception e) {
            throw new PluginException("cannot start plugin kind '" + kindName + "': " + e, e);
        }
        String name = socketName == null || socketName.isBlank() ? plugin.socketName() : socketName;
        try {
            new PluginName(name, "");
        } catch (IllegalArgumentException e) {
            closeQuietly(plugin);
            throw new IllegalArgumentException("plugin kind '" + kindName + "': bad socket name: " + e.getMessage(), e);
        }
        if (served.stream().anyMatch(s -> s.name().equals(name))) {
            closeQuietly(plugin);
            throw new IllegalArgumentException("two plugins want socket name '" + name + "'; start one as KIND:OTHERNAME");
        }
        Dispatcher dispatcher = new Dispatcher(name, plugin.objects(), interfaces);
        RpcServer server = new RpcServer(paths.socket(name), dispatcher);
        try {
            server.start();
        } catch (RuntimeException e) {
            closeQuietly(plugin);
            throw e;
        }
        registry.register(name, plugin.objects());
        Map<String, List<String>> objects = new java.util.LinkedHashMap<>();
        dispatcher.hello().objects().forEach((iface, refs) -> objects.put(iface, refs.stream().map(Dispatcher.ObjectRef::name).toList()));
        Served s = new Served(kindName, name, server.socket(), objects, plugin, server);
        served.add(s);
        LOG.info("plugin kind {} serving {} on {}: {}", kindName, name, server.socket(), objects);
        return s;
    }

    private static void checkOptions(PluginKind kind, Map<String, String> options) {
        Map<String, String> known = kind.options();
        for (String key : options.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException("plugin kind '" + kind.name() + "' has no option '" + key + "'; "
                        + (known.isEmpty() ? "it takes no options" : "its options are: " + String.join(", ", new TreeMap<>(known).keySet())));
            }
        }
    }

    /** Closes everything when the JVM shuts down (SIGTERM, Ctrl-C). */
    public synchronized PluginHost closeOnShutdown() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::close, "infrakit-plugin-host-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** Blocks until {@link #close()} has run (from another thread or the shutdown hook). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        List<Served> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(served);
            served.clear();
        }
        // First no more calls from outside: every socket goes. Then the objects close, callers
        // before what they call: managers (they free their groups on the group controllers), then
        // group controllers (they call instance and flavor plugins), the rest in reverse start order.
        for (Served s : toStop.reversed()) {
            s.server().close();
        }
        List<Served> order = new ArrayList<>(toStop.reversed());
        order.sort(java.util.Comparator.comparingInt(PluginHost::closeRank));
        for (Served s : order) {
            registry.unregister(s.name());
            closeQuietly(s.plugin());
        }
        synchronized (this) {
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
        if (ownsRegistry) {
            registry.close();
        }
        closed.countDown();
    }

    /** 0 a manager (serves InfraKit's Controller API over group plugins), 1 a group controller, 2 the rest. */
    private static int closeRank(Served s) {
        var objects = s.plugin().objects().values();
        if (objects.stream().anyMatch(o -> o instanceof io.infrakit.spi.controller.Controller)) {
            return 0;
        }
        return objects.stream().anyMatch(o -> o instanceof io.infrakit.spi.group.GroupPlugin) ? 1 : 2;
    }

    private void stop(Served s) {
        synchronized (this) {
            served.remove(s);
        }
        s.server().close();
        registry.unregister(s.name());
        closeQuietly(s.plugin());
    }

    private static void closeQuietly(RunningPlugin plugin) {
        try {
            plugin.close();
        } catch (Exception e) {
            LOG.warn("plugin {} failed to close: {}", plugin.socketName(), e.toString());
        }
    }
}
