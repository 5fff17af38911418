package io.infrakit.bench;

import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.InstancePlugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13: {@code Size: 10000000} at the ceiling raised to 10^7. A daemon ({@code bin/infrakit plugin start
 * group vanilla simulator}, INFRAKIT_MAX_SIZE=10000000, its usual JVM options: serial GC, -Xmx512m) takes the
 * commit over its socket and provisions batch by batch; for 30 s (10 s with --quick) the daemon's heap is read
 * after a full GC every few seconds ({@code jcmd PID GC.run}, then {@code GC.heap_info}), with its RSS. Before
 * the planner was bounded, this commit built a list of 10^7 actions and the reconcile thread died with
 * OutOfMemoryError. At the end: instances provisioned per second (counted in the simulator), and the group's
 * status, which must still be converging.
 */
public final class LargeScenario implements Scenario {

    static final int SIZE = 10_000_000;
    static final double HEAP_TARGET_MIB = 200;
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    @Override
    public String name() {
        return "large";
    }

    @Override
    public String description() {
        return "Size 10,000,000 (ceiling raised): the daemon's heap after GC while the first batches run, and instances/s";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        Duration run = Duration.ofSeconds(config.quick() ? 10 : 30);
        Duration every = Duration.ofSeconds(config.quick() ? 2 : 5);
        Result r = new Result(name());
        List<String> args = List.of("plugin", "start", "group", "vanilla", "simulator");
        r.put("command", "INFRAKIT_MAX_SIZE=" + SIZE + " bin/infrakit " + String.join(" ", args));
        r.put("size", SIZE);
        r.put("run_seconds", run.toSeconds());
        try (Daemon d = Daemon.start(config, args, StartScenario.SOCKETS, Map.of("INFRAKIT_MAX_SIZE", Integer.toString(SIZE)));
             PluginRegistry client = PluginRegistry.forCli(d.paths(), Duration.ofSeconds(120))) {
            double idleHeap = heapAfterGcMiB(d.pid());
            r.put("heap_mib_after_gc_before_commit", Stats.round(idleHeap));
            GroupPlugin group = client.group("group-stateless");
            long t0 = System.nanoTime();
            String details = group.commitGroup(Specs.group("large", SIZE), false);
            r.put("commit", details);
            List<Map<String, Object>> samples = new ArrayList<>();
            double maxHeap = 0;
            double maxRss = 0;
            long end = t0 + run.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(every.toMillis(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                if (!d.alive()) {
                    throw new IllegalStateException("the daemon died with a group of " + SIZE + ": " + d.logTail());
                }
                double heap = heapAfterGcMiB(d.pid());
                double rss = d.rssMiB();
                maxHeap = Math.max(maxHeap, heap);
                maxRss = Math.max(maxRss, rss);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("at_s", Stats.round((System.nanoTime() - t0) / 1e9));
                s.put("heap_mib_after_gc", Stats.round(heap));
                s.put("rss_mib", Stats.round(rss));
                samples.add(s);
                System.err.printf("bench: large: %.0f s, heap after GC %.1f MiB, RSS %.1f MiB%n",
                        (System.nanoTime() - t0) / 1e9, heap, rss);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // Counted once, at the end: a listing of every instance over the socket would weigh on the heap read above.
            int provisioned = client.instance(Rig.INSTANCE_PLUGIN).describeInstances(Map.of("infrakit.group", "large"), false).size();
            GroupStatus status = group.describeGroup("large").status();
            if (provisioned <= 0) {
                throw new IllegalStateException("no instance of the large group after " + Stats.round(seconds) + " s: " + d.logTail());
            }
            if (status.converged() || status.desired() != SIZE) {
                throw new IllegalStateException("the large group's status is wrong: " + status);
            }
            double rate = provisioned / seconds;
            r.put("samples", samples);
            r.put("provisioned", provisioned);
            r.put("instances_per_second", Stats.round(rate));
            r.put("max_heap_mib_after_gc", Stats.round(maxHeap));
            r.put("max_rss_mib", Stats.round(maxRss));
            r.put("status_message", status.message());
            r.row("daemon heap after GC while the first batches of Size " + SIZE + " run (max of " + samples.size()
                    + " reads in " + run.toSeconds() + " s)", Stats.round(maxHeap) + " MiB (" + provisioned
                    + " instances by then)", "< " + (int) HEAP_TARGET_MIB + " MiB", maxHeap < HEAP_TARGET_MIB);
            r.row("daemon RSS (max)", Stats.round(maxRss) + " MiB");
            r.row("instances provisioned per second (simulator)", String.valueOf(Stats.round(rate)));
        }
        return r;
    }

    /** The daemon's heap in use after a full collection: {@code jcmd PID GC.run}, then {@code jcmd PID GC.heap_info}. */
    static double heapAfterGcMiB(long pid) throws Exception {
        jcmd(pid, "GC.run");
        return usedMiB(jcmd(pid, "GC.heap_info"));
    }

    /** The sum of the heap spaces' "total NK, used NK" (serial: new and tenured; G1: one line), in MiB. */
    static double usedMiB(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        long kib = 0;
        boolean found = false;
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + heapInfo);
        }
        return kib / 1024.0;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
