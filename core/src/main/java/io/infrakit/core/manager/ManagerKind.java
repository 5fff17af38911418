package io.infrakit.core.manager;

import io.infrakit.core.event.EventJournal;
import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.Leadership;
import io.infrakit.core.manager.store.FileLeadership;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.nio.file.Path;
import io.infrakit.core.spec.GroupSpecValidator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code infrakit plugin start manager}: the manager on socket {@code group}, as InfraKit's was,
 * fronting the group controller {@code group-stateless}. Serves Group/0.1.1, Controller/0.1.1 and
 * Manager/0.1.0 on objects {@code ""} and {@code groups}. Backends: {@code file} (specs in
 * {@code $INFRAKIT_HOME/configs}, leadership by a lock on {@code $INFRAKIT_HOME/leader.lock}), or
 * any {@link ManagerBackend} on the class path ({@code --opt manager.backend=etcd}).
 */
public final class ManagerKind implements PluginKind {

    public static final String NAME = "manager";
    public static final String SOCKET = "group";
    /** The object of the manager's socket that serves the key/value store ({@code Name: "group/vars"}). */
    public static final String VARS_OBJECT = "vars";
    public static final String CONTROLLER = "group-stateless";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the manager (socket 'group'): stores committed specs, elects a leader, fronts the group controller";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("socket", "socket name this manager serves on (default group); a second manager on one host needs another"
                + " (give it here, not as manager:NAME, so the manager publishes the right location)");
        o.put("controller", "the group controller it fronts (default group-stateless)");
        o.put("max-size", "the ceiling on a group's Size and number of LogicalIDs this manager accepts"
                + " (default INFRAKIT_MAX_SIZE, else 10000); commit above the CLI's ceiling with --allow-large");
        o.put("answer-timeout", "longest wait on the group controller before a commit is answered anyway (default 5s)");
        o.put("leader-period", "file backend: how often a follower retries the leader lock (default 1s)");
        o.put("backend", "where specs and leadership live: file (default; one host) or "
                + String.join(", ", ManagerBackend.names()) + " (options as BACKEND.KEY, e.g. etcd.endpoints)");
        o.put("advertise", "where other managers reach this one when it leads, e.g. tcp://10.0.0.5:24864 with "
                + "--listen (default: its socket path, for managers on one host; see docs/ha.md)");
        o.put("events-max-age", "events older than this are dropped from $INFRAKIT_HOME/events (default 168h, 7 days)");
        o.put("events-max-count", "at most this many events are kept in $INFRAKIT_HOME/events (default 100000)");
        for (String name : ManagerBackend.names()) {
            ManagerBackend.find(name).ifPresent(b -> b.options().forEach((k, v) -> o.put(name + "." + k, v)));
        }
        return o;
    }

    @Override
    public RunningPlugin start(PluginContext ctx) {
        String socket = ctx.option("socket").orElse(SOCKET);
        String controllerName = ctx.option("controller").orElse(CONTROLLER);
        Duration answerTimeout = ctx.option("answer-timeout").map(t -> duration("answer-timeout", t)).orElse(Manager.DEFAULT_ANSWER_TIMEOUT);
        Duration period = ctx.option("leader-period").map(t -> duration("leader-period", t)).orElse(FileLeadership.DEFAULT_PERIOD);

        UnixHttpClient ownHttp = ctx.plugins() instanceof PluginRegistry r ? null : new UnixHttpClient();
        UnixHttp http = ownHttp != null ? ownHttp : ((PluginRegistry) ctx.plugins()).http();
        // A leader on another host publishes tcp://...: reach it through its TLS listener.
        RemoteLeaders remoteLeaders = new RemoteLeaders();
        Manager.LeaderClient leaderClient = location -> RemoteLeaders.isRemote(location)
                ? remoteLeaders.connect(location, SOCKET)
                : new GroupRpc.Client(new RpcClient(http, Path.of(location), SOCKET, RpcClient.DEFAULT_TIMEOUT), SOCKET);
        EventJournal journal = openJournal(ctx, socket);
        AutoCloseable following = journal == null ? null : EventFeeds.follow(ctx.plugins(), controllerName, journal);
        Manager.EventSource events = journal == null ? EventFeeds.from(ctx.plugins(), controllerName) : EventFeeds.from(journal);

        String backendName = ctx.option("backend").orElse("file");
        SpecStore store;
        Leadership leadership;
        AutoCloseable backend = null;
        io.infrakit.spi.metadata.UpdatableMetadata vars = null;
        if (backendName.equals("file")) {
            store = new FileSpecStore(ctx.home().resolve("configs"));
            leadership = new FileLeadership(ctx.home(), period);
        } else {
            ManagerBackend b = ManagerBackend.find(backendName).orElseThrow(() -> new IllegalArgumentException(
                    "option manager.backend '" + backendName + "' is not known: use file"
                            + (ManagerBackend.names().isEmpty() ? "" : " or " + String.join(", ", ManagerBackend.names()))));
            Map<String, String> backendOptions = new LinkedHashMap<>();
            String prefix = backendName + ".";
            ctx.options().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    backendOptions.put(k.substring(prefix.length()), v);
                }
            });
            ManagerBackend.Opened opened = b.open(backendOptions);
            store = opened.specStore();
            leadership = opened.leadership();
            vars = opened.vars();
            backend = opened;
        }
        AutoCloseable openedBackend = backend;
        int maxSize = ctx.option("max-size").map(ManagerKind::maxSize)
                .orElse(GroupSpecValidator.maxSize(System.getenv(GroupSpecValidator.MAX_SIZE_ENV)));
        Manager manager = new Manager(store, leadership,
                () -> ctx.plugins().group(controllerName), leaderClient, answerTimeout, events, maxSize,
                new io.infrakit.core.spec.Secrets(ctx.home(), System.getenv()));
        manager.start(ctx.option("advertise").orElse(ctx.pluginsDir().resolve(socket).toAbsolutePath().toString()));
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put(RunningPlugin.DEFAULT_OBJECT, manager);
        objects.put("groups", manager);
        // The shared key/value store (Metadata/0.1.1 as group/vars): every manager serves it, the backend keeps it consistent.
        objects.put(VARS_OBJECT, vars != null ? vars : new io.infrakit.core.manager.store.FileVarStore(ctx.home()));
        // InfraKit's Event/0.1.0 over the same events (journal numbers, so IDs survive restarts).
        objects.put(ManagerEvents.OBJECT, new ManagerEvents(events, journal == null ? null : journal::lastSequence,
                () -> manager.store().list().stream().map(s -> s.spec().id()).toList()));
        return new RunningPlugin(socket, objects, () -> {
            manager.close();
            if (following != null) {
                following.close();
                journal.close();
            }
            if (openedBackend != null) {
                openedBackend.close();
            }
            remoteLeaders.close();
            if (ownHttp != null) {
                ownHttp.close();
            }
        });
    }

    /** The events of earlier runs and this one, bounded by the events-max-* options; null (memory only) when the file cannot be opened. */
    private static EventJournal openJournal(PluginContext ctx, String socket) {
        EventJournal.Limits defaults = EventJournal.Limits.DEFAULT;
        Duration maxAge = ctx.option("events-max-age").map(v -> duration("events-max-age", v)).orElse(defaults.maxAge());
        int maxCount = ctx.option("events-max-count").map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option manager.events-max-count '" + v + "' is not a whole number; use e.g. 100000");
            }
        }).orElse(defaults.maxCount());
        EventJournal.Limits limits;
        try {
            limits = new EventJournal.Limits(maxAge, maxCount);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option manager." + e.getMessage());
        }
        try {
            return EventJournal.open(ctx.home().resolve("events"), socket + ".jsonl", limits, java.time.Clock.systemUTC());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(ManagerKind.class).warn(
                    "cannot keep events in {}: {}; events are kept in memory only", ctx.home().resolve("events"), e.getMessage());
            return null;
        }
    }

    /** The max-size option: a whole number of instances, 1 or more. */
    private static int maxSize(String text) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new IllegalArgumentException("option manager.max-size '" + text + "' is not a whole number of instances above 0;"
                + " use e.g. --opt manager.max-size=50000");
    }

    /** A duration option in the project's one grammar (spi GoDuration), refused naming the option. */
    private static Duration duration(String option, String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manager." + option + ": " + e.getMessage(), e);
        }
    }
}
