package io.infrakit.cli;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.WireJson;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon half of {@code infrakit aot-training --daemon}: a real {@code plugin start} in this JVM
 * (the same command object, options and logging a user's daemon has), driven over its sockets as a
 * first user would, then stopped as Ctrl-C would stop it.
 */
final class DaemonTraining {

    static final int SIZE = 1_000;
    private static final long DEADLINE_NANOS = 120_000_000_000L;

    private DaemonTraining() {
    }

    static int run(Path home) throws Exception {
        List<Runnable> onShutdown = new CopyOnWriteArrayList<>();
        CliEnv env = new CliEnv(Map.of("INFRAKIT_HOME", home.toString()), onShutdown::add);
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        List<String> argv = new ArrayList<>(List.of("plugin", "start"));
        argv.addAll(AotTrainingCommand.DAEMON_KINDS);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread daemon = Thread.ofPlatform().name("aot-training-daemon")
                .start(() -> exit.set(Main.run(env, sink, sink, argv.toArray(String[]::new))));
        InfrakitPaths paths = InfrakitPaths.under(home);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        try {
            List<String> sockets = List.of("group-stateless", "vanilla", "simulator");
            while (!sockets.stream().allMatch(s -> PluginDiscovery.listening(paths.socket(s)))) {
                if (!daemon.isAlive() || System.nanoTime() > deadline) {
                    return 1;
                }
                Thread.sleep(5);
            }
            // The client side with the CLI's transport: the cache is the daemon's, not Jetty's client's.
            try (PluginRegistry client = PluginRegistry.forCli(paths, java.time.Duration.ofSeconds(60))) {
                try (UnixHttp http = new SimpleUnixHttp()) {
                    new PluginDiscovery(paths, http, null).list(); // Handshake.Hello on every socket
                }
                GroupPlugin group = client.group("group-stateless");
                group.commitGroup(spec("training", SIZE), false);
                awaitConverged(group, "training", SIZE, deadline);
                client.instance("simulator/compute").describeInstances(Map.of("infrakit.group", "training"), false);
                group.inspectGroups();
                group.destroyGroup("training");
            }
        } finally {
            onShutdown.forEach(Runnable::run);
            daemon.join(30_000);
        }
        return exit.get() == 0 ? 0 : 1;
    }

    static GroupSpec spec(String id, int size) throws java.io.IOException {
        String json = """
                {"ID":"%s","Properties":{"Allocation":{"Size":%d},
                 "Instance":{"Plugin":"simulator/compute","Properties":{"image":"training"}},
                 "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{"aot":"training"}}}}}"""
                .formatted(id, size);
        return WireJson.mapper().readValue(json, GroupSpec.class);
    }

    private static void awaitConverged(GroupPlugin group, String id, int size, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            GroupDescription d = group.describeGroup(id);
            if (d.converged() && d.instances().size() == size) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the training group did not converge within 120 s");
    }
}
