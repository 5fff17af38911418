package io.infrakit.bench;

import io.infrakit.rpc.registry.PluginRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: wall time, CPU time and peak RSS of CLI reads against a daemon with a group of 1,000
 * instances ({@code plugin start manager group vanilla simulator}): the thin client ({@code bin/infrakit}
 * finds the daemon and relays the command to it) for {@code get groups}, {@code get instances},
 * {@code describe group} and {@code status}, the full CLI ({@code INFRAKIT_THIN=0}) for
 * {@code get instances}, the JVM floor ({@code java -version} with the client's flags) and, when
 * {@code INFRAKIT_PEER_CLI} names InfraKit's Go binary, the same reads through it. Each variant:
 * one untimed run, then N timed runs interleaved with the other variants; medians reported. Peak RSS
 * from {@code /usr/bin/time} in three more runs per variant.
 */
public final class CliScenario implements Scenario {

    public static final int INSTANCES = 1000;
    static final String GROUP = "cli";

    /** One way of running the command; {@code lines} > 0: the output must have that many lines. */
    record Variant(String label, List<String> command, Map<String, String> env, int lines, double targetMs) {
    }

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String description() {
        return "CLI reads against a daemon with 1,000 instances: the thin client vs the JVM floor and the full CLI";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int runs = config.quick() ? 3 : 10;
        Result r = new Result(name());
        r.put("instances", INSTANCES);
        r.put("runs_each", runs);
        try (Daemon d = Daemon.start(config, List.of("plugin", "start", "manager", "group", "vanilla", "simulator"),
                List.of("group", "group-stateless", "vanilla", "simulator"));
             PluginRegistry registry = PluginRegistry.forCli(d.paths(), java.time.Duration.ofSeconds(60))) {
            commit(registry.group("group"));
            String infrakit = config.root().resolve("bin/infrakit").toString();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("JVM floor: java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version",
                            List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-version"), Map.of(), 0, 0),
                    new Variant("thin client: infrakit get groups", List.of(infrakit, "get", "groups"), Map.of(), 2, 80),
                    new Variant("thin client: infrakit get instances (1,000)", List.of(infrakit, "get", "instances"), Map.of(),
                            INSTANCES + 1, 100),
                    new Variant("thin client: infrakit describe group", List.of(infrakit, "describe", "group", GROUP), Map.of(), 0, 0),
                    new Variant("thin client: infrakit status", List.of(infrakit, "status"), Map.of(), 0, 80),
                    new Variant("full CLI (INFRAKIT_THIN=0): infrakit get instances (1,000)", List.of(infrakit, "get", "instances"),
                            Map.of("INFRAKIT_THIN", "0"), INSTANCES + 1, 0)));
            String peer = System.getenv("INFRAKIT_PEER_CLI");
            if (peer != null && !peer.isBlank()) {
                for (List<String> read : List.of(List.of("get", "groups"), List.of("get", "instances"),
                        List.of("describe", "group", GROUP), List.of("status"))) {
                    List<String> cmd = new ArrayList<>(List.of(peer));
                    cmd.addAll(read);
                    variants.add(new Variant("peer (" + Path.of(peer).getFileName() + "): " + String.join(" ", read), cmd, Map.of(), 0, 0));
                }
            }
            List<Map<String, String>> envs = new ArrayList<>();
            for (Variant v : variants) {
                Map<String, String> env = new LinkedHashMap<>(v.env());
                env.put("INFRAKIT_HOME", d.home().toString());
                env.put("INFRAKIT_NO_BUILD", "1");
                envs.add(env);
                runOnce(v.command(), env, v.lines(), config.work()); // warm the page cache and the daemon's code
            }
            // Interleaved (A B C A B C ...) so that load drifting on the machine hits every variant alike.
            double[][] wall = new double[variants.size()][runs];
            double[][] cpu = new double[variants.size()][runs];
            for (int i = 0; i < runs; i++) {
                for (int k = 0; k < variants.size(); k++) {
                    double[] t = runOnce(variants.get(k).command(), envs.get(k), variants.get(k).lines(), config.work());
                    wall[k][i] = t[0];
                    cpu[k][i] = t[1];
                }
            }
            double floor = Stats.median(wall[0]);
            List<Object> out = new ArrayList<>();
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get(k);
                double medWall = Stats.median(wall[k]);
                double medCpu = Stats.median(cpu[k]);
                Double rss = peakRssMiB(v.command(), envs.get(k), config.work());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("variant", v.label());
                m.put("env", v.env());
                m.put("median_wall_ms", Stats.round(medWall));
                m.put("median_cpu_ms", Stats.round(medCpu));
                m.put("x_floor", Stats.round(medWall / floor));
                m.put("peak_rss_mib", rss == null ? "n/a" : Stats.round(rss));
                m.put("wall_ms", Arrays.stream(wall[k]).map(Stats::round).boxed().toList());
                m.put("cpu_ms", Arrays.stream(cpu[k]).map(Stats::round).boxed().toList());
                out.add(m);
                String value = Stats.ms(medWall) + " wall (" + String.format("%.1f", medWall / floor) + "x floor), "
                        + Stats.ms(medCpu) + " CPU, peak RSS " + (rss == null ? "n/a" : String.format("%.0f MiB", rss))
                        + " (median of " + runs + ")";
                if (v.targetMs() > 0) {
                    boolean met = medWall <= v.targetMs() && medWall <= 2 * floor && (rss == null || rss <= 50);
                    r.row(v.label(), value, "<= " + Stats.ms(v.targetMs()) + ", <= 2x floor, <= 50 MiB", met);
                } else {
                    r.row(v.label(), value);
                }
            }
            Path cache = config.root().resolve("client/target/infrakit-client.aot");
            r.put("aot_cache", Files.exists(cache) ? cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)" : "none");
            r.put("variants", out);
        }
        return r;
    }

    /** Commits the group of 1,000 through the manager and waits until it has converged. */
    private static void commit(io.infrakit.spi.group.GroupPlugin manager) throws InterruptedException {
        manager.commitGroup(Specs.group(GROUP, INSTANCES), false);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (true) {
            var d = manager.describeGroup(GROUP);
            if (d.converged() && d.instances().size() == INSTANCES) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cli: the group of " + INSTANCES + " did not converge in 120 s: "
                        + d.instances().size());
            }
            Thread.sleep(50);
        }
    }

    /** The largest peak RSS of three runs, from /usr/bin/time (null without it). */
    static Double peakRssMiB(List<String> command, Map<String, String> env, Path work) throws IOException, InterruptedException {
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(time)) {
            return null;
        }
        double max = 0;
        for (int i = 0; i < 3; i++) {
            List<String> cmd = new ArrayList<>(List.of(time.toString(), "-f", "%M", "-o", work.resolve("cli-rss.txt").toString()));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            pb.environment().remove("INFRAKIT_PLUGINS_DIR");
            pb.start().waitFor();
            String kb = Files.readString(work.resolve("cli-rss.txt")).strip();
            kb = kb.substring(kb.lastIndexOf('\n') + 1).strip();
            max = Math.max(max, Long.parseLong(kb) / 1024.0);
        }
        return max;
    }

    /** Runs the command once; returns {wall ms, CPU ms of the process and its children}. */
    static double[] runOnce(List<String> command, Map<String, String> env, int lines, Path work)
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
        if (lines > 0) {
            long printed = Files.readAllLines(outFile).size();
            if (printed != lines) {
                throw new IllegalStateException("cli: " + command + " printed " + printed + " lines, expected " + lines);
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
