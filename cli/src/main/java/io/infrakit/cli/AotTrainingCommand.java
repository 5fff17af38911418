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
 * {@code infrakit aot-training} (hidden): the training run bin/infrakit records an AOT cache from
 * ({@code -XX:AOTCacheOutput}). It serves a simulator on a temporary socket in this process and runs
 * the common client commands against it, so that the cache holds the classes and profiles of the
 * client path (picocli, Jackson, the RPC client) that every short command pays for at start.
 */
@Command(name = "aot-training", hidden = true, description = "Exercises the client commands once (used to build the start-up cache).")
public final class AotTrainingCommand implements Callable<Integer> {

    private static final List<List<String>> COMMANDS = List.of(
            List.of("instance", "describe", "--plugin", "simulator/compute"),
            List.of("instance", "describe", "--plugin", "simulator/compute", "-o", "json"),
            List.of("instance", "describe", "--plugin", "simulator/compute", "--tag", "role=train", "-o", "yaml"),
            List.of("plugin", "ls"),
            List.of("version"),
            List.of("--help"));

    @Override
    public Integer call() throws IOException {
        Path home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ik-aot");
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
            try (Stream<Path> s = Files.walk(home)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
