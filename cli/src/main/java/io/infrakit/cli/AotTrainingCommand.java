package io.infrakit.cli;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code infrakit aot-training [--daemon]} (hidden): the training runs bin/infrakit records its AOT
 * caches from ({@code -XX:AOTCacheOutput}).
 * <ul>
 *   <li>Without {@code --daemon}: serves a simulator on a temporary socket in this process and runs the
 *       common client commands against it, so that the cache holds the classes and profiles of the client
 *       path (picocli, Jackson, the RPC client) that every short command pays for at start.</li>
 *   <li>With {@code --daemon}: a real daemon start, {@code plugin start group vanilla simulator} under a
 *       temporary home, then what a first user does over its sockets: Hello on each, a group of 1,000
 *       committed, converged, described and destroyed. The cache then holds what a daemon loads until its
 *       sockets answer and its first group converges.</li>
 * </ul>
 */
@Command(name = "aot-training", hidden = true, description = "Exercises the client commands once (used to build the start-up cache).")
public final class AotTrainingCommand implements Callable<Integer> {

    /** The kinds a daemon training starts: those of {@code infrakit up} and of the benchmarks. */
    static final List<String> DAEMON_KINDS = List.of("group", "vanilla", "simulator");

    @picocli.CommandLine.Option(names = "--daemon", description = "Train the daemon path instead of the client commands.")
    boolean daemon;

    private static final List<List<String>> COMMANDS = List.of(
            List.of("instance", "describe", "--plugin", "simulator/compute"),
            List.of("instance", "describe", "--plugin", "simulator/compute", "-o", "json"),
            List.of("instance", "describe", "--plugin", "simulator/compute", "--tag", "role=train", "-o", "yaml"),
            List.of("plugin", "ls"),
            List.of("version"),
            List.of("--help"));

    @Override
    public Integer call() throws Exception {
        Path home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ik-aot");
        if (daemon) {
            try {
                return DaemonTraining.run(home);
            } finally {
                deleteTree(home);
            }
        }
        try (PluginHost host = PluginHost.create(InfrakitPaths.under(home))) {
            host.start("simulator", null, Map.of());
            InstancePlugin compute = host.registry().instance("simulator/compute");
            for (int i = 0; i < 3; i++) {
                compute.provision(new InstanceSpec(null, Map.of("role", "train"), "echo hi", null, null));
            }
            CliEnv env = new CliEnv(Map.of("INFRAKIT_HOME", home.toString()), action -> { });
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            int failures = 0;
            for (List<String> args : COMMANDS) {
                if (Main.run(env, sink, sink, args.toArray(String[]::new)) != 0) {
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        } finally {
            deleteTree(home);
        }
    }

    static void deleteTree(Path home) throws IOException {
        try (Stream<Path> s = Files.walk(home)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
