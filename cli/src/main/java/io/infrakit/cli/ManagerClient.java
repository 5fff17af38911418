package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.binding.ControllerRpc;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.core.manager.ManagerKind;
import io.infrakit.core.manager.ManagerRpc;
import io.infrakit.core.spec.PluginCatalog;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The CLI's connection to the manager on socket {@code group} (and a look at the plugins folder). */
final class ManagerClient implements AutoCloseable {

    static final String NAME = ManagerKind.SOCKET;

    private final InfrakitPaths paths;
    // The light transport (no Jetty): client commands start fast.
    private final UnixHttp http = new SimpleUnixHttp();
    private final RpcClient rpc;

    /** Set when the manager is on a remote daemon ({@code --host}). */
    private io.infrakit.rpc.remote.RemoteHttpClient remote;

    /** The manager of a remote daemon ({@code --host} / INFRAKIT_HOST), or the local one when {@code target} is null. */
    ManagerClient(InfrakitPaths paths, Duration timeout, io.infrakit.rpc.remote.RemoteTarget target) {
        this.paths = paths;
        if (target == null) {
            this.rpc = new RpcClient(http, paths.socket(NAME), NAME, timeout);
        } else {
            this.remote = new io.infrakit.rpc.remote.RemoteHttpClient(target);
            this.rpc = new RpcClient(new io.infrakit.rpc.remote.TlsChannel(remote, NAME), NAME, timeout);
        }
    }

    ManagerClient(InfrakitPaths paths, Duration timeout) {
        this.paths = paths;
        this.rpc = new RpcClient(http, paths.socket(NAME), NAME, timeout);
    }

    InfrakitPaths paths() {
        return paths;
    }

    UnixHttp http() {
        return http;
    }

    Path socket() {
        return paths.socket(NAME);
    }

    /** Whether the manager is on a remote daemon ({@code --host}). */
    boolean isRemote() {
        return remote != null;
    }

    /** Where the manager is reached: its socket, or the remote daemon. */
    String where() {
        return remote != null ? remote.target().toString() : socket().toString();
    }

    boolean running() {
        // A remote daemon answers (or not) on the first call; its errors say why.
        return remote != null || PluginDiscovery.listening(socket());
    }

    /** Fails with a message saying how to start a manager when none listens. */
    ManagerClient requireRunning() {
        if (!running()) {
            throw new PluginException("no manager is running at " + socket()
                    + ": start one with `infrakit up` (or `infrakit plugin start manager group vanilla simulator`),"
                    + " or set INFRAKIT_HOME to where it runs");
        }
        return this;
    }

    GroupPlugin groups() {
        return new GroupRpc.Client(rpc, NAME);
    }

    /**
     * The groups the manager runs (Group.InspectGroups). In the daemon, for a thin client's reads, the manager object
     * itself answers (its store decodes fresh records on every call, so nothing the command does reaches it), without
     * the JSON over its own socket; should it fail, the call goes over the socket after all, so that what the
     * command prints of the failure is what it prints outside the daemon.
     */
    List<GroupSpec> inspectGroups() {
        GroupPlugin local = daemon == null ? null : daemon.localObject(NAME, GroupPlugin.class);
        if (local != null) {
            try {
                return local.inspectGroups();
            } catch (RuntimeException e) {
                // the socket's answer (and its wording of the error) below
            }
        }
        return groups().inspectGroups();
    }

    /** The shared key/value store the manager serves as object {@code vars}. */
    io.infrakit.spi.metadata.UpdatableMetadata vars() {
        return new io.infrakit.rpc.binding.MetadataUpdateRpc.Client(rpc, NAME + "/" + io.infrakit.core.manager.ManagerKind.VARS_OBJECT);
    }

    Controller controller() {
        return new ControllerRpc().client(rpc, PluginName.parse(NAME));
    }

    ManagerApi api() {
        if (daemon != null) {
            // In the daemon, for a thin client: the manager object itself (events of 1,000 members without JSON).
            ManagerApi local = daemon.localObject(NAME, ManagerApi.class);
            if (local != null) {
                return local;
            }
        }
        return new ManagerRpc().client(rpc, PluginName.parse(NAME));
    }

    /**
     * Stored versions the manager cannot trust (a damaged newest version stops its group); empty
     * from a manager older than {@code Manager.Damaged}.
     */
    List<ManagerApi.Damage> damaged() {
        try {
            return api().damaged();
        } catch (PluginException e) {
            if (String.valueOf(e.getMessage()).contains("Manager.Damaged")) {
                return List.of();
            }
            throw e;
        }
    }

    /** The daemon's registry, when a daemon runs the command for a thin client (see {@link Caller#plugins()}). */
    private io.infrakit.rpc.registry.PluginRegistry daemon;

    ManagerClient inDaemon(io.infrakit.rpc.registry.PluginRegistry registry) {
        this.daemon = registry;
        return this;
    }

    /**
     * When each member of group {@code id} was provisioned, read from the manager's events in this process (the
     * thin client's calls), or null when the manager runs elsewhere (then its events are read over the socket).
     */
    java.util.Map<String, java.time.Instant> provisionedInProcess(String id) {
        io.infrakit.core.manager.Manager local = daemon == null ? null : daemon.localObject(NAME, io.infrakit.core.manager.Manager.class);
        return local == null ? null : local.provisioned(id);
    }

    /**
     * In the daemon: the manager's description of group {@code id} as the typed record, which {@link #describe} would
     * turn into JSON (a tree of 1,000 members that a read then takes apart again). Null outside the daemon, and for a
     * description with a null member (only JSON shows what the commands make of one): then {@link #describe}.
     */
    GroupDescription describeInProcess(String id) {
        GroupPlugin local = daemon == null ? null : daemon.localObject(NAME, GroupPlugin.class);
        if (local == null) {
            return null;
        }
        GroupDescription d = local.describeGroup(id);
        if (d == null || d.instances() == null) {
            return null;
        }
        for (io.infrakit.spi.instance.InstanceDescription m : d.instances()) {
            if (m == null) {
                return null;
            }
        }
        return d;
    }

    /** DescribeGroup's {@code Description} as JSON, so optional members (Status) are read when present. */
    JsonNode describe(String id) {
        if (daemon != null) {
            // In the daemon: the manager's answer as the wire would carry it, without the trip through a socket.
            GroupPlugin local = daemon.localObject(NAME, GroupPlugin.class);
            if (local != null) {
                return io.infrakit.rpc.WireJson.mapper().valueToTree(local.describeGroup(id));
            }
        }
        return rpc.call("Group.DescribeGroup", new GroupRpc.IdParams(NAME, id)).path("Description");
    }

    /**
     * Of the plugin names (socket names) given, those nobody listens on; none for a remote daemon,
     * whose sockets this machine cannot see.
     */
    Set<String> notListening(Collection<String> lookups) {
        Set<String> down = new TreeSet<>();
        if (remote == null) {
            for (String lookup : lookups) {
                if (!PluginDiscovery.listening(paths.socket(lookup))) {
                    down.add(lookup);
                }
            }
        }
        return down;
    }

    /**
     * How one group is doing. Unreachable when a plugin it names is not running (the controller
     * would answer from its last observation, which no longer says anything) or when the
     * description cannot be read.
     */
    GroupView view(GroupSpec spec, Set<String> down) {
        List<String> missing = GroupView.plugins(spec).stream().filter(down::contains).toList();
        if (!missing.isEmpty()) {
            return GroupView.unreachable(spec, "plugin '" + missing.get(0) + "' is not running: nothing listens on "
                    + paths.socket(missing.get(0)) + " (infrakit status lists what is missing)");
        }
        try {
            GroupPlugin local = daemon == null ? null : daemon.localObject(NAME, GroupPlugin.class);
            if (local != null) {
                // In the daemon: counted from the typed description (the JSON tree was two thirds of `get groups`).
                return GroupView.of(spec, local.describeGroup(spec.id()));
            }
            return GroupView.of(spec, describe(spec.id()));
        } catch (PluginException e) {
            return GroupView.unreachable(spec, e.getMessage());
        }
    }

    /** The plugins the groups name that nobody listens on. */
    Set<String> down(Collection<GroupSpec> specs) {
        Set<String> all = new TreeSet<>();
        specs.forEach(s -> all.addAll(GroupView.plugins(s)));
        return notListening(all);
    }

    /** Socket names in the plugins folder that someone listens on. */
    Set<String> liveSockets() {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(paths.pluginsDir())) {
            return names;
        }
        try (Stream<Path> files = Files.list(paths.pluginsDir())) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".pid") && !n.startsWith(".") && PluginDiscovery.listening(p)) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            // an unreadable folder has no live plugins
        }
        return names;
    }

    /** Plugin names are known when their socket is live or they are among {@code alsoKnown}. */
    PluginCatalog catalog(Collection<String> alsoKnown) {
        if (remote != null) {
            // The sockets are on the remote host: its manager checks the plugin names when committing.
            return null;
        }
        Set<String> known = new TreeSet<>(liveSockets());
        known.addAll(alsoKnown);
        return new PluginCatalog() {
            @Override
            public boolean exists(String pluginName) {
                int slash = pluginName.indexOf('/');
                return known.contains(slash < 0 ? pluginName : pluginName.substring(0, slash));
            }

            @Override
            public Collection<String> known() {
                return List.copyOf(known);
            }
        };
    }

    @Override
    public void close() {
        http.close();
        if (remote != null) {
            remote.close();
        }
    }
}
