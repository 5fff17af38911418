package io.infrakit.bench;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.vanilla.VanillaFlavor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Heal with the instance plugin in ANOTHER process: the simulator ({@code bin/infrakit plugin start
 * simulator}) or the Python example plugin ({@code python3 examples/plugins/python/plugin.py}). The group
 * controller runs in the benchmark JVM and reaches the plugin over its socket; the instance proxy follows
 * the plugin's InstanceEvents/0.1.0 stream. A member is destroyed by a second client over the socket (the
 * controller does not see the call; the plugin reports the loss as LOST), and we time until the
 * controller's PROVISIONED event for the replacement.
 */
final class RemoteHeal {

    /**
     * A plugin process to heal through.
     *
     * @param label    for messages
     * @param command  the whole command line
     * @param socket   the socket it opens under INFRAKIT_HOME/plugins
     * @param instance the instance object, socket/object
     */
    record Plugin(String label, List<String> command, String socket, String instance) {

        static Plugin simulator(BenchConfig config) {
            return new Plugin("simulator in a separate process", List.of(config.root().resolve("bin/infrakit").toString(),
                    "plugin", "start", "simulator"), "simulator", Rig.INSTANCE_PLUGIN);
        }

        static Plugin python(BenchConfig config) {
            return new Plugin("Python example plugin", List.of("python3",
                    config.root().resolve("examples/plugins/python/plugin.py").toString(), "--name", "python"),
                    "python", "python/vm");
        }
    }

    private RemoteHeal() {
    }

    static double[] measure(BenchConfig config, Duration poll, int removals) throws Exception {
        return measure(config, Plugin.simulator(config), poll, removals);
    }

    static double[] measure(BenchConfig config, Plugin plugin, Duration poll, int removals) throws Exception {
        try (Daemon d = Daemon.launch(config, plugin.command(), List.of(plugin.socket()), Map.of());
             PluginRegistry controllerSide = new PluginRegistry(d.paths());
             PluginRegistry outside = PluginRegistry.forCli(d.paths(), Duration.ofSeconds(30))) {
            InstancePlugin remote = controllerSide.instance(plugin.instance());
            if (!(remote instanceof InstanceChangeSource)) {
                throw new IllegalStateException("the proxy of the " + plugin.label() + " is no InstanceChangeSource:"
                        + " events over the wire are off");
            }
            FlavorPlugin vanilla = new VanillaFlavor();
            PluginLookup lookup = new PluginLookup() {
                @Override
                public InstancePlugin instance(String name) {
                    return remote;
                }

                @Override
                public FlavorPlugin flavor(String name) {
                    return vanilla;
                }

                @Override
                public GroupPlugin group(String name) {
                    throw new PluginException("no group plugin " + name + " here");
                }
            };
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            EventBus bus = new EventBus(Clock.systemUTC(), 1000);
            bus.subscribe(events::add);
            try (GroupControllerPlugin controller = new GroupControllerPlugin(lookup, bus, Clock.systemUTC(),
                    new GroupControllerPlugin.Options(poll, GroupControllerPlugin.Options.DEFAULT_MAX_PARALLEL, true))) {
                String group = "heal";
                controller.commitGroup(Specs.group(group, HealScenario.GROUP_SIZE), false);
                await(events, EventType.CONVERGED, group, 60, plugin);
                InstancePlugin sim = outside.instance(plugin.instance());
                Random random = new Random(42);
                double[] ms = new double[removals];
                for (int i = 0; i < removals; i++) {
                    List<InstanceDescription> all = sim.describeInstances(Map.of("infrakit.group", group), false);
                    String victim = all.get(random.nextInt(all.size())).id();
                    events.clear();
                    long t0 = System.nanoTime();
                    sim.destroy(victim, new DestroyContext("terminate"));
                    await(events, EventType.PROVISIONED, group, 30, plugin);
                    ms[i] = Stats.nanosToMs(System.nanoTime() - t0);
                    await(events, EventType.CONVERGED, group, 30, plugin);
                    List<InstanceDescription> after = sim.describeInstances(Map.of("infrakit.group", group), false);
                    if (after.size() != HealScenario.GROUP_SIZE || after.stream().anyMatch(x -> x.id().equals(victim))) {
                        throw new IllegalStateException("heal (" + plugin.label() + "): after removal " + (i + 1) + " the group has "
                                + after.size() + " members (expected " + HealScenario.GROUP_SIZE + ") or still the removed one");
                    }
                }
                return ms;
            }
        }
    }

    private static void await(BlockingQueue<Event> events, EventType type, String group, int seconds, Plugin plugin)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IllegalStateException("no " + type + " event for group " + group + " within " + seconds
                        + " s (" + plugin.label() + ")");
            }
            if (e.type() == type && group.equals(e.group())) {
                return;
            }
        }
    }
}
