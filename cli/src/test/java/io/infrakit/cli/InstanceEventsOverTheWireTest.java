package io.infrakit.cli;

import io.infrakit.cli.testing.TestProcesses;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.WireJson;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group controller heals members of a simulator running in ANOTHER process as soon as the simulator
 * reports the loss over InstanceEvents/0.1.0, not at its next poll (set to 5 minutes here, so a heal
 * within seconds can only come from an event); and after the simulator process restarts, the stream
 * reconnects and the controller observes again (resync) without waiting for the poll.
 */
class InstanceEventsOverTheWireTest {

    static final Duration QUICK = Duration.ofSeconds(20);

    Path home;
    Process simulator;
    PluginHost host;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (host != null) {
            host.close();
        }
        TestProcesses.stop(simulator);
        TestProcesses.deleteTree(home);
    }

    Process startSimulator(InfrakitPaths paths) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.infrakit.cli.Main",
                "plugin", "start", "simulator").redirectErrorStream(true).redirectOutput(home.resolve("simulator.log").toFile());
        pb.environment().put("INFRAKIT_HOME", paths.home().toString());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!PluginDiscovery.listening(paths.socket("simulator"))) {
            assertThat(p.isAlive()).as(Files.readString(home.resolve("simulator.log"))).isTrue();
            assertThat(System.nanoTime()).as("simulator socket within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        return p;
    }

    static Set<String> members(InstancePlugin sim) {
        return sim.describeInstances(Map.of("infrakit.group", "workers"), false).stream()
                .map(InstanceDescription::id).collect(Collectors.toSet());
    }

    /** Waits until the simulator holds 3 members of the group, none of them in {@code gone}. */
    static Set<String> awaitHealed(InstancePlugin sim, Set<String> gone, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Set<String> now;
            try {
                now = members(sim);
            } catch (RuntimeException e) {
                now = Set.of();
            }
            if (now.size() == 3 && now.stream().noneMatch(gone::contains)) {
                return now;
            }
            assertThat(System.nanoTime()).as("healed within " + within + "; members now " + now).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void healIsTriggeredByAnEventAndTheStreamFollowsARestartedPlugin() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "ik-ev");
        InfrakitPaths paths = InfrakitPaths.under(home.resolve("h"));
        simulator = startSimulator(paths);

        host = PluginHost.create(paths);
        host.start("vanilla", null, Map.of());
        host.start("group", null, Map.of("poll-interval", "5m"));
        GroupPlugin group = host.registry().group("group-stateless");
        group.commitGroup(spec(), false);

        try (PluginRegistry outside = PluginRegistry.forCli(paths, Duration.ofSeconds(10))) {
            InstancePlugin sim = outside.instance("simulator/compute");
            Set<String> first = awaitHealed(sim, Set.of(), QUICK);

            // Destroyed behind the controller's back: the simulator reports LOST over the wire.
            String victim = first.iterator().next();
            sim.destroy(victim, new DestroyContext("terminate"));
            awaitHealed(sim, Set.of(victim), QUICK);

            // The simulator process restarts, empty (no persistence): the stream reconnects, sees a new
            // epoch, and the controller observes again at once: three new members long before the poll.
            TestProcesses.stop(simulator);
            simulator = startSimulator(paths);
            Set<String> afterRestart = awaitHealed(sim, Set.of(), QUICK);

            // And the stream goes on from the new process.
            String second = afterRestart.iterator().next();
            sim.destroy(second, new DestroyContext("terminate"));
            awaitHealed(sim, Set.of(second), QUICK);
        }
    }

    static GroupSpec spec() throws IOException {
        return WireJson.mapper().readValue("""
                {"ID":"workers","Properties":{"Allocation":{"Size":3},
                 "Instance":{"Plugin":"simulator/compute","Properties":{"image":"events"}},
                 "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"]}}}}""", GroupSpec.class);
    }
}
