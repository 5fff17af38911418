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
 * Heal with the simulator in ANOTHER process ({@code bin/infrakit plugin start simulator}): the group
 * controller runs in the benchmark JVM and reaches the simulator over its socket; the instance proxy
 * follows the simulator's InstanceEvents/0.1.0 stream. A member is destroyed by a second client over
 * the socket (the controller does not see the call; the simulator reports the loss as LOST), and we
 * time until the controller's PROVISIONED event for the replacement.
 */
final class RemoteHeal {

    private RemoteHeal() {
    }

    static double[] measure(BenchConfig config, Duration poll, int removals) throws Exception {
        try (Daemon d = Daemon.start(config, List.of("plugin", "start", "simulator"), List.of("simulator"));
             PluginRegistry controllerSide = new PluginRegistry(d.paths());
             PluginRegistry outside = PluginRegistry.forCli(d.paths(), Duration.ofSeconds(30))) {
            InstancePlugin remote = controllerSide.instance(Rig.INSTANCE_PLUGIN);
            if (!(remote instanceof InstanceChangeSource)) {
                throw new IllegalStateException("the simulator proxy is no InstanceChangeSource: events over the wire are off");
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
                await(events, EventType.CONVERGED, group, 60);
                InstancePlugin sim = outside.instance(Rig.INSTANCE_PLUGIN);
                Random random = new Random(42);
                double[] ms = new double[removals];
                for (int i = 0; i < removals; i++) {
                    List<InstanceDescription> all = sim.describeInstances(Map.of("infrakit.group", group), false);
                    String victim = all.get(random.nextInt(all.size())).id();
                    events.clear();
                    long t0 = System.nanoTime();
                    sim.destroy(victim, new DestroyContext("terminate"));
                    await(events, EventType.PROVISIONED, group, 30);
                    ms[i] = Stats.nanosToMs(System.nanoTime() - t0);
                    await(events, EventType.CONVERGED, group, 30);
                    List<InstanceDescription> after = sim.describeInstances(Map.of("infrakit.group", group), false);
                    if (after.size() != HealScenario.GROUP_SIZE || after.stream().anyMatch(x -> x.id().equals(victim))) {
                        throw new IllegalStateException("heal (separate process): after removal " + (i + 1) + " the group has "
                                + after.size() + " members (expected " + HealScenario.GROUP_SIZE + ") or still the removed one");
                    }
                }
                return ms;
            }
        }
    }

    private static void await(BlockingQueue<Event> events, EventType type, String group, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IllegalStateException("no " + type + " event for group " + group + " within " + seconds
                        + " s (simulator in a separate process)");
            }
            if (e.type() == type && group.equals(e.group())) {
                return;
            }
        }
    }
}
