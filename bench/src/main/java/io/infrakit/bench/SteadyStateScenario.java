package io.infrakit.bench;

import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: a daemon ({@code bin/infrakit plugin start group simulator vanilla}, its own JVM with the
 * default options and poll interval) manages a committed group of 10,000 simulated instances; after a
 * warm-up we sample its CPU time and RSS from /proc for the measuring time (5 min, 1 with --quick).
 * The CPU of every whole minute from the convergence on (warm-up included) is reported too, so a burst
 * in the first minutes after start shows ({@code --minutes 10}: 11 minutes). Nothing talks to the daemon
 * while it is measured. Afterwards, {@code jcmd PID GC.class_histogram} gives the live heap after a full
 * collection and the classes that hold it.
 */
public final class SteadyStateScenario implements Scenario {

    public static final int INSTANCES = 10_000;

    @Override
    public String name() {
        return "steady";
    }

    @Override
    public String description() {
        return "daemon managing 10,000 instances at the default 10 s poll: CPU seconds per minute and RSS";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        double minutes = config.steadyMinutes();
        int warmupSeconds = config.quick() ? 15 : 60;
        int sampleEvery = config.quick() ? 5 : 10;
        Result r = new Result(name());
        r.put("instances", INSTANCES);
        r.put("command", "bin/infrakit plugin start group simulator vanilla (bin/infrakit's daemon JVM options, poll 10s)");
        r.put("warmup_seconds", warmupSeconds);
        r.put("measured_minutes", minutes);
        long launched = System.nanoTime();
        try (Daemon d = Daemon.start(config, List.of("plugin", "start", "group", "simulator", "vanilla"),
                List.of("group-stateless", "simulator", "vanilla"));
             PluginRegistry registry = new PluginRegistry(d.paths())) {
            r.put("pid", d.pid());
            Thread.sleep(5_000); // settled after the start, before any instance
            double rssIdle = d.rssMiB();
            r.put("rss_mib_idle", Stats.round(rssIdle));
            double heapIdle = d.heapHistogram().totalMiB(); // after the idle RSS: its full GC may shrink the heap
            r.put("heap_live_mib_idle", Stats.round(heapIdle));
            GroupPlugin group = registry.group("group-stateless");
            long t0 = System.nanoTime();
            group.commitGroup(Specs.group("steady", INSTANCES), false);
            awaitConverged(group, "steady", INSTANCES, 300);
            long converged = System.nanoTime();
            r.put("converge_over_rpc_ms", Stats.round(Stats.nanosToMs(converged - t0)));
            r.put("converged_after_start_s", Stats.round((converged - launched) / 1e9));
            // From the convergence on, the CPU is read on a fixed schedule: every sample, and every whole minute
            // (the bursts seen after start were per-minute figures), through the warm-up and the window.
            double cpuConverged = d.cpuSeconds();
            Map<String, Double> threadsMinute = d.threadCpuSeconds();
            double cpuMinute = cpuConverged;
            List<Object> minutesSeries = new ArrayList<>();
            List<Object> samples = new ArrayList<>();
            Map<String, Double> threads0 = threadsMinute;
            double cpu0 = cpuConverged;
            long start = converged;
            int steps = (int) Math.round((warmupSeconds + minutes * 60) / sampleEvery);
            double rssMax = 0;
            double rss = 0;
            for (int k = 1; k <= steps; k++) {
                long due = converged + k * sampleEvery * 1_000_000_000L;
                long wait = (due - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long now = System.nanoTime();
                double cpu = d.cpuSeconds();
                rss = d.rssMiB();
                int sinceConverged = k * sampleEvery;
                if (sinceConverged == warmupSeconds) {
                    cpu0 = cpu;
                    threads0 = d.threadCpuSeconds();
                    start = now;
                }
                if (sinceConverged >= warmupSeconds) {
                    rssMax = Math.max(rssMax, rss);
                    samples.add(HealScenario.map("t_s", Stats.round((now - start) / 1e9), "cpu_s", Stats.round(cpu - cpu0),
                            "rss_mib", Stats.round(rss), "threads", d.threads()));
                }
                if (sinceConverged % 60 == 0) {
                    Map<String, Double> threadsNow = d.threadCpuSeconds();
                    Map<String, Object> top = new java.util.LinkedHashMap<>();
                    byThread(threadsMinute, threadsNow).entrySet().stream().limit(3).forEach(e -> top.put(e.getKey(), e.getValue()));
                    minutesSeries.add(HealScenario.map("minute", sinceConverged / 60, "cpu_s", Stats.round(cpu - cpuMinute),
                            "rss_mib", Stats.round(rss), "top_threads", top));
                    cpuMinute = cpu;
                    threadsMinute = threadsNow;
                }
            }
            r.put("cpu_per_minute_after_convergence", minutesSeries);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = d.cpuSeconds() - cpu0;
            Map<String, Double> threads1 = d.threadCpuSeconds();
            double perMinute = cpu / elapsed * 60;
            double percent = cpu / elapsed * 100;
            GroupDescription after = group.describeGroup("steady");
            if (!after.converged() || after.instances().size() != INSTANCES) {
                throw new IllegalStateException("steady: after measuring, the group is converged=" + after.converged()
                        + " with " + after.instances().size() + " members, expected " + INSTANCES);
            }
            r.put("cpu_seconds", Stats.round(cpu));
            r.put("elapsed_seconds", Stats.round(elapsed));
            r.put("cpu_seconds_per_minute", Stats.round(perMinute));
            r.put("percent_of_one_core", Stats.round(percent));
            r.put("rss_mib_last", Stats.round(rss));
            r.put("rss_mib_max", Stats.round(rssMax));
            r.put("samples", samples);
            r.put("cpu_seconds_by_thread", byThread(threads0, threads1));
            r.row(String.format("daemon CPU, %,d instances, %.1f min after %d s warm-up", INSTANCES, minutes, warmupSeconds),
                    String.format("%.3f CPU s/min (%.2f%% of one core)", perMinute, percent), "< 1% of one core",
                    percent < 1.0);
            Map<String, Object> top = byThread(threads0, threads1);
            r.row("daemon CPU by thread, top 4 (CPU s over the window)", String.join(", ", top.entrySet().stream()
                    .limit(4).map(e -> e.getKey() + " " + e.getValue()).toList()));
            if (!minutesSeries.isEmpty()) {
                double worst = minutesSeries.stream().mapToDouble(m -> (Double) ((Map<?, ?>) m).get("cpu_s")).max().orElse(0);
                r.row(String.format("daemon CPU s in each minute 1-%d after the %,d converged (%.0f s after the start)",
                                minutesSeries.size(), INSTANCES, (converged - launched) / 1e9),
                        String.join(" ", minutesSeries.stream().map(m -> String.format("%.2f", (Double) ((Map<?, ?>) m).get("cpu_s")))
                                .toList()), "no minute above 0.5 CPU s", worst <= 0.5);
            }
            r.row("daemon RSS", String.format("%.0f MiB (max %.0f MiB)", rss, rssMax), "<= 150 MiB", rss <= 150);
            double perThousand = (rss - rssIdle) / (INSTANCES / 1000.0);
            r.put("rss_mib_per_1000_instances", Stats.round(perThousand));
            r.row("daemon RSS idle (before the commit), and per 1,000 instances above it",
                    String.format("%.0f MiB; %.1f MiB per 1,000", rssIdle, perThousand), "idle <= 70 MiB", rssIdle <= 70);
            // After the timed window: the histogram's full collection is a pause of its own.
            HeapHistogram heap = d.heapHistogram();
            r.put("heap_live_mib_after_gc", Stats.round(heap.totalMiB()));
            double heapPerThousand = (heap.totalMiB() - heapIdle) / (INSTANCES / 1000.0);
            r.put("heap_live_mib_per_1000_instances", Stats.round(heapPerThousand));
            r.put("heap_histogram_top", heap.topAsMaps());
            r.row("daemon heap live after a full GC (jcmd GC.class_histogram): idle, with the instances, per 1,000",
                    String.format("%.1f MiB; %.1f MiB; %.2f MiB per 1,000", heapIdle, heap.totalMiB(), heapPerThousand));
        }
        return r;
    }

    static void awaitConverged(GroupPlugin group, String id, int size, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            GroupDescription d = group.describeGroup(id);
            if (d.converged() && d.instances().size() == size) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + id + " not converged within " + seconds + " s: "
                        + d.instances().size() + " of " + size + " members, status " + d.status());
            }
            Thread.sleep(250);
        }
    }

    /** CPU seconds per thread group over the window, largest first (the cheapest profile there is). */
    static Map<String, Object> byThread(Map<String, Double> before, Map<String, Double> after) {
        List<Map.Entry<String, Double>> deltas = new ArrayList<>();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (d > 0.0) {
                deltas.add(Map.entry(e.getKey(), d));
            }
        }
        deltas.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Double> e : deltas) {
            out.put(e.getKey(), Stats.round(e.getValue()));
        }
        return out;
    }
}
