package io.infrakit.bench;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.simulator.SimulatorOptions;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.ForwardingInstancePlugin;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.vanilla.VanillaFlavor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/**
 * A group controller with timers on the real clock, a simulator and vanilla, wired one of three ways:
 * <ul>
 *   <li>{@link Mode#IN_PROCESS}: the controller calls the simulator object directly (as {@code plugin start
 *       group simulator vanilla} does in one JVM), provider events on;</li>
 *   <li>{@link Mode#POLLING}: the same, but the simulator is hidden behind a plain InstancePlugin so the
 *       controller gets no provider events and relies on its poll;</li>
 *   <li>{@link Mode#SOCKET}: the simulator is served on a unix socket by a {@link PluginHost} and the controller
 *       reaches it through the JSON-RPC client (same JVM, real socket, real JSON); vanilla stays in-process;</li>
 *   <li>{@link Mode#MANAGER}: a PluginHost runs simulator, vanilla, group and manager in this JVM (each on its
 *       socket, calling each other directly) and specs are committed to the manager over its socket.</li>
 * </ul>
 * Every event of the controller is also queued for the scenario to read ({@link #events()}).
 */
public final class Rig implements AutoCloseable {

    public enum Mode {
        IN_PROCESS("in-process"), POLLING("in-process, polling only"), SOCKET("unix socket (same JVM)"),
        MANAGER("via the manager (commit over its socket)");

        public final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    public static final String INSTANCE_PLUGIN = "simulator/compute";
    public static final String FLAVOR_PLUGIN = "vanilla";

    private final Mode mode;
    private final SimulatorInstancePlugin sim;
    private final EventBus bus;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final GroupControllerPlugin controller;
    private final GroupPlugin commits;
    private final PluginHost host;
    private final PluginRegistry clients;
    private final Path home;

    public Rig(Mode mode, Duration pollInterval, Path work) throws Exception {
        this.mode = mode;
        if (mode == Mode.MANAGER) {
            // As `infrakit plugin start manager group simulator vanilla` runs them: one JVM, one socket each; the
            // manager reaches the controller and the controller the plugins directly; we commit over the socket.
            Files.createDirectories(work);
            home = Files.createTempDirectory(work, "rig");
            InfrakitPaths paths = InfrakitPaths.under(home);
            host = PluginHost.create(paths);
            host.startAll(List.of("simulator", "vanilla", "group", "manager"), Map.of());
            sim = (SimulatorInstancePlugin) host.registry().lookup(INSTANCE_PLUGIN, InstancePlugin.class);
            controller = (GroupControllerPlugin) host.registry().lookup("group-stateless", GroupPlugin.class);
            bus = controller.events();
            bus.subscribe(queue::add);
            Object manager = host.registry().lookup("group", GroupPlugin.class);
            awaitLeader(manager);
            clients = new PluginRegistry(paths);
            commits = clients.group("group");
            return;
        }
        bus = new EventBus(Clock.systemUTC(), 1000);
        FlavorPlugin vanilla = new VanillaFlavor();
        InstancePlugin instance;
        if (mode == Mode.SOCKET) {
            Files.createDirectories(work);
            home = Files.createTempDirectory(work, "rig");
            InfrakitPaths paths = InfrakitPaths.under(home);
            host = PluginHost.create(paths);
            host.start("simulator", null, Map.of());
            sim = (SimulatorInstancePlugin) host.registry().lookup(INSTANCE_PLUGIN, InstancePlugin.class);
            // A registry of our own has nothing registered locally, so lookups go through the socket.
            clients = new PluginRegistry(paths);
            instance = clients.instance(INSTANCE_PLUGIN);
        } else {
            home = null;
            host = null;
            clients = null;
            sim = new SimulatorInstancePlugin("compute", SimulatorOptions.DEFAULTS, Clock.systemUTC());
            instance = mode == Mode.POLLING ? new PollOnly(sim) : sim;
        }
        InstancePlugin chosen = instance;
        PluginLookup lookup = new PluginLookup() {
            @Override
            public InstancePlugin instance(String name) {
                if (!INSTANCE_PLUGIN.equals(name)) {
                    throw new PluginException("bench rig has no instance plugin " + name);
                }
                return chosen;
            }

            @Override
            public FlavorPlugin flavor(String name) {
                if (!FLAVOR_PLUGIN.equals(name)) {
                    throw new PluginException("bench rig has no flavor plugin " + name);
                }
                return vanilla;
            }

            @Override
            public GroupPlugin group(String name) {
                throw new PluginException("bench rig has no group plugin " + name);
            }
        };
        bus.subscribe(queue::add);
        controller = new GroupControllerPlugin(lookup, bus, Clock.systemUTC(),
                new GroupControllerPlugin.Options(pollInterval, GroupControllerPlugin.Options.DEFAULT_MAX_PARALLEL, true));
        commits = controller;
    }

    /** The file leadership is taken on a timer: commits before it would be refused. */
    private static void awaitLeader(Object manager) throws InterruptedException {
        if (!(manager instanceof io.infrakit.core.manager.Manager m)) {
            return;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!m.isLeader()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the manager did not become leader within 30 s");
            }
            Thread.sleep(10);
        }
    }

    /** Where scenarios commit: the controller itself, or the manager's socket in {@link Mode#MANAGER}. */
    public GroupPlugin commits() {
        return commits;
    }

    public Mode mode() {
        return mode;
    }

    /** The simulator object itself (its call counters count calls however they arrived). */
    public SimulatorInstancePlugin sim() {
        return sim;
    }

    public GroupControllerPlugin controller() {
        return controller;
    }

    public EventBus bus() {
        return bus;
    }

    /** Every event published since the rig started (or since the scenario last drained it). */
    public BlockingQueue<Event> events() {
        return queue;
    }

    @Override
    public void close() throws Exception {
        if (host == null || mode != Mode.MANAGER) {
            controller.close(); // in MANAGER mode the host owns and closes it
        }
        if (clients != null) {
            clients.close();
        }
        if (host != null) {
            host.close();
        }
        if (home != null) {
            try (Stream<Path> s = Files.walk(home)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Hides the simulator's InstanceChangeSource: the controller sees a provider that cannot push changes. */
    private record PollOnly(InstancePlugin delegate) implements ForwardingInstancePlugin {
    }
}
