package io.infrakit.bench;

import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario 6: wall time (and CPU time) of {@code bin/infrakit instance describe --plugin simulator/compute}
 * listing 1,000 instances of a running simulator daemon, without and with bin/infrakit's AOT cache.
 * Each variant: one untimed run (it may record the cache), then N timed runs interleaved with the other
 * variants; medians reported.
 */
public final class CliScenario implements Scenario {

    public static final int INSTANCES = 1000;

    /** One way of running the command. */
    record Variant(String label, List<String> command, Map<String, String> env) {
    }

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String description() {
        return "wall time of bin/infrakit instance describe over 1,000 instances, without and with the AOT cache";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int runs = config.quick() ? 3 : 10;
        Result r = new Result(name());
        r.put("instances", INSTANCES);
        r.put("runs_each", runs);
        try (Daemon d = Daemon.start(config, List.of("plugin", "start", "simulator"), List.of("simulator"));
             PluginRegistry registry = new PluginRegistry(d.paths())) {
            provision(registry.instance(Rig.INSTANCE_PLUGIN));
            String infrakit = config.root().resolve("bin/infrakit").toString();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> describe = List.of(infrakit, "instance", "describe", "--plugin", "simulator/compute");
            List<Variant> variants = List.of(
                    new Variant("JVM floor: java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version",
                            List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-version"), Map.of()),
                    new Variant("bin/infrakit instance describe, no AOT cache (INFRAKIT_AOT=0)", describe,
                            Map.of("INFRAKIT_AOT", "0")),
                    new Variant("bin/infrakit instance describe, AOT cache (default)", describe, Map.of()));
            List<Object> out = new ArrayList<>();
            double withoutMs = Double.NaN;
            List<Map<String, String>> envs = new ArrayList<>();
            for (Variant v : variants) {
                Map<String, String> env = new LinkedHashMap<>(v.env());
                env.put("INFRAKIT_HOME", d.home().toString());
                envs.add(env);
                runOnce(v.command(), env, v.command() == describe, config.work()); // warm caches; may record the AOT cache
            }
            // Interleaved (A B C A B C ...) so that load drifting on the machine hits every variant alike.
            double[][] wall = new double[variants.size()][runs];
            double[][] cpu = new double[variants.size()][runs];
            for (int i = 0; i < runs; i++) {
                for (int k = 0; k < variants.size(); k++) {
                    double[] t = runOnce(variants.get(k).command(), envs.get(k), variants.get(k).command() == describe,
                            config.work());
                    wall[k][i] = t[0];
                    cpu[k][i] = t[1];
                }
            }
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get(k);
                double medWall = Stats.median(wall[k]);
                double medCpu = Stats.median(cpu[k]);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("variant", v.label());
                m.put("env", v.env());
                m.put("median_wall_ms", Stats.round(medWall));
                m.put("median_cpu_ms", Stats.round(medCpu));
                m.put("wall_ms", Arrays.stream(wall[k]).map(Stats::round).boxed().toList());
                m.put("cpu_ms", Arrays.stream(cpu[k]).map(Stats::round).boxed().toList());
                out.add(m);
                String value = Stats.ms(medWall) + " wall, " + Stats.ms(medCpu) + " CPU (median of " + runs + ")";
                if (v.label().contains("no AOT")) {
                    withoutMs = medWall;
                    r.row(v.label(), value, "< 0.3 s", medWall < 300);
                } else if (v.label().contains("AOT cache (default)")) {
                    r.row(v.label(), value + (Double.isNaN(withoutMs) ? "" : String.format(", %.0f%% of without",
                            medWall / withoutMs * 100)), "< 0.3 s", medWall < 300);
                } else {
                    r.row(v.label(), value);
                }
            }
            Path cache = config.root().resolve("cli/target/infrakit.aot");
            r.put("aot_cache", Files.exists(cache) ? cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)" : "none");
            r.put("variants", out);
        }
        return r;
    }

    private static void provision(InstancePlugin remote) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                ids.add(pool.submit(() -> remote.provision(new InstanceSpec(null,
                        Map.of(Tags.GROUP, "cli", "bench", "yes"), "echo hi", null, null))));
                if (ids.size() % 16 == 0) {
                    ids.get(ids.size() - 1).get(); // keep at most ~16 calls in flight
                }
            }
            for (Future<String> f : ids) {
                f.get();
            }
        }
    }

    /** Runs the command once; returns {wall ms, CPU ms of the process and its children}. */
    static double[] runOnce(List<String> command, Map<String, String> env, boolean describe, Path work)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path outFile = work.resolve("cli-out.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(outFile.toFile())
                .redirectError(work.resolve("cli-err.txt").toFile());
        pb.environment().putAll(env);
        pb.environment().remove("INFRAKIT_PLUGINS_DIR");
        double cpu0 = childrenCpuMs();
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        double wall = Stats.nanosToMs(System.nanoTime() - t0);
        // waitFor returns once the reaper has waited for the child, so its CPU is in our children's total.
        double cpu = childrenCpuMs() - cpu0;
        if (code != 0) {
            throw new IllegalStateException("cli: " + command + " exited with " + code + ": "
                    + Files.readString(work.resolve("cli-err.txt")));
        }
        if (describe) {
            long lines = Files.readAllLines(outFile).size();
            if (lines != INSTANCES + 1) {
                throw new IllegalStateException("cli: describe printed " + lines + " lines, expected a header and "
                        + INSTANCES + " instances");
            }
        }
        return new double[]{wall, cpu};
    }

    /** CPU time (user + system) of this process's waited-for children, in ms (/proc/self/stat cutime + cstime). */
    static double childrenCpuMs() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * 1000.0 / Daemon.clockTicks();
    }
}
