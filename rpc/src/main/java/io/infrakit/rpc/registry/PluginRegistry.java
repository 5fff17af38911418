package io.infrakit.rpc.registry;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.rpc.remote.RemoteHttpClient;
import io.infrakit.rpc.remote.RemoteTarget;
import io.infrakit.rpc.remote.TlsChannel;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds plugins by InfraKit name {@code lookup[/type]}. Objects registered here (plugins running in
 * this JVM) are returned as they are: no serialization. Any other name is a socket
 * {@code pluginsDir/lookup}, reached through a JSON-RPC proxy implementing the same interface.
 */
public final class PluginRegistry implements PluginLookup, AutoCloseable {

    private final InfrakitPaths paths;
    private final RpcInterfaces interfaces;
    private final Duration timeout;
    private final UnixHttp http;
    /** Set when plugins are reached on a remote daemon ({@code --host}) instead of local sockets. */
    private volatile RemoteHttpClient remote;
    private final ConcurrentMap<String, Map<String, Object>> local = new ConcurrentHashMap<>();

    public PluginRegistry(InfrakitPaths paths) {
        this(paths, RpcInterfaces.standard(), RpcClient.DEFAULT_TIMEOUT);
    }

    /**
     * @param interfaces the bindings used to build proxies for remote plugins
     * @param timeout    per call to a remote plugin
     */
    public PluginRegistry(InfrakitPaths paths, RpcInterfaces interfaces, Duration timeout) {
        this(paths, interfaces, timeout, new UnixHttpClient());
    }

    /**
     * @param http the transport to remote plugins, closed with the registry: {@link UnixHttpClient}
     *             (pooled, for daemons) or {@link io.infrakit.rpc.client.SimpleUnixHttp} (fast start, for CLI commands)
     */
    public PluginRegistry(InfrakitPaths paths, RpcInterfaces interfaces, Duration timeout, UnixHttp http) {
        this.http = http;
        this.paths = paths;
        this.interfaces = interfaces;
        this.timeout = timeout;
    }

    /**
     * From now on, plugins not running in this JVM are reached on the remote daemon {@code target}
     * (its TCP+TLS listener) instead of through local sockets. The registry closes the client.
     */
    public PluginRegistry remote(RemoteTarget target) {
        this.remote = target == null ? null : new RemoteHttpClient(target);
        return this;
    }

    /**
     * For short-lived CLI commands: remote plugins only, over {@link io.infrakit.rpc.client.SimpleUnixHttp}
     * (java.nio; no Jetty classes to load, so the command answers quickly).
     */
    public static PluginRegistry forCli(InfrakitPaths paths, Duration timeout) {
        return new PluginRegistry(paths, RpcInterfaces.standard(), timeout, new io.infrakit.rpc.client.SimpleUnixHttp());
    }

    public InfrakitPaths paths() {
        return paths;
    }

    public RpcInterfaces interfaces() {
        return interfaces;
    }

    /** Makes the objects of socket {@code lookup} reachable directly from this JVM. */
    public void register(String lookup, Map<String, Object> objects) {
        new PluginName(lookup, "");  // validates the name
        local.put(lookup, Collections.unmodifiableMap(new LinkedHashMap<>(objects)));
    }

    public void register(RunningPlugin plugin) {
        register(plugin.socketName(), plugin.objects());
    }

    public void unregister(String lookup) {
        local.remove(lookup);
    }

    /** The names of sockets served in this JVM. */
    public List<String> localNames() {
        return List.copyOf(new ArrayList<>(local.keySet()));
    }

    @Override
    public InstancePlugin instance(String name) {
        return lookup(name, InstancePlugin.class);
    }

    @Override
    public FlavorPlugin flavor(String name) {
        return lookup(name, FlavorPlugin.class);
    }

    @Override
    public GroupPlugin group(String name) {
        return lookup(name, GroupPlugin.class);
    }

    /** The object of plugin {@code lookup} (its default object) running in this JVM as a {@code type}, or null. */
    public <T> T localObject(String lookup, Class<T> type) {
        Map<String, Object> objects = local.get(lookup);
        Object object = objects == null ? null : objects.get(RunningPlugin.DEFAULT_OBJECT);
        return type.isInstance(object) ? type.cast(object) : null;
    }

    /**
     * The plugin {@code name} as a {@code type}: the local object, or a proxy over its socket.
     *
     * @throws PluginException naming the plugin and where it looked when it cannot be found
     */
    @Override
    public <T> T lookup(String name, Class<T> type) {
        PluginName parsed;
        try {
            parsed = PluginName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new PluginException(e.getMessage(), e);
        }
        Map<String, Object> objects = local.get(parsed.lookup());
        if (objects != null) {
            Object object = objects.get(parsed.type());
            if (object == null && fallsBackToDefault(type)) {
                // As the server does: group/workers is the default group object, workers being a group ID.
                object = objects.get(RunningPlugin.DEFAULT_OBJECT);
            }
            if (object == null) {
                throw new PluginException("no plugin '" + name + "': socket " + parsed.lookup()
                        + " (running in this process) has no object '" + parsed.type() + "'; it has "
                        + objects.keySet().stream().map(n -> n.isEmpty() ? "\"\" (default)" : n).toList());
            }
            if (!type.isInstance(object)) {
                throw new PluginException("plugin '" + name + "' (running in this process) is not a "
                        + type.getSimpleName() + " but a " + object.getClass().getSimpleName());
            }
            return type.cast(object);
        }
        RpcInterface<T> binding = interfaces.forType(type);
        Path socket = paths.socket(parsed.lookup());
        if (remote == null && !Files.exists(socket)) {
            throw new PluginException("no plugin '" + name + "': not running in this process, and no socket at " + socket
                    + " (start it with `infrakit plugin start`, or check INFRAKIT_PLUGINS_DIR; running here: "
                    + (local.isEmpty() ? "none" : local.keySet()) + ")");
        }
        return binding.client(client(parsed.lookup()), parsed);
    }

    private boolean fallsBackToDefault(Class<?> type) {
        return interfaces.all().stream().anyMatch(i -> i.type().equals(type) && i.fallsBackToDefault());
    }

    /** A raw JSON-RPC client for socket {@code lookup} (for interfaces without a Java binding here). */
    public RpcClient client(String lookup) {
        RemoteHttpClient r = remote;
        if (r != null) {
            return new RpcClient(new TlsChannel(r, lookup), lookup, timeout);
        }
        return new RpcClient(http, paths.socket(lookup), lookup, timeout);
    }

    /** The shared HTTP client (for discovery). */
    public UnixHttp http() {
        return http;
    }

    @Override
    public void close() {
        http.close();
        RemoteHttpClient r = remote;
        if (r != null) {
            r.close();
        }
    }
}
