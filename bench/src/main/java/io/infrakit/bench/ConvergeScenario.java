package io.infrakit.bench;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventType;
import io.infrakit.simulator.CallCounts;
import io.infrakit.spi.group.GroupDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 1: commit N simulated instances (one group, or many groups of 100) and time commit to
 * converged (the controller's CONVERGED event for every group, then checked with DescribeGroup:
 * Converged and every member present). Counts the simulator calls it took.
 */
public final class ConvergeScenario implements Scenario {

    /** One configuration: {@code groups} groups of {@code size} instances. */
    public record Case(int groups, int size) {
        int total() {
            return groups * size;
        }

        String label() {
            return groups == 1 ? String.format("%,d x 1 group", size) : String.format("%d groups x %d", groups, size);
        }
    }

    /** One timed run and the calls it cost. */
    public record Run(double ms, double cpuMs, CallCounts calls) {
    }

    @Override
    public String name() {
        return "converge";
    }

    @Override
    public String description() {
        return "commit N simulated instances, time to converged, simulator calls made (in-process and over a unix socket)";
    }

    public static List<Case> cases(boolean quick) {
        return quick ? List.of(new Case(1, 100), new Case(1, 1000), new Case(10, 100))
                : List.of(new Case(1, 100), new Case(1, 1000), new Case(1, 10_000), new Case(100, 100));
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        Result r = new Result(name());
        int repeats = config.quick() ? 1 : 3;
        r.put("repeats", repeats);
        r.put("poll_interval", "10s (default; reconciles also run after every finished action)");
        r.put("note", "time = first CommitGroup call to the last group's CONVERGED event; calls = simulator call"
                + " counters over that time. socket = controller -> JSON-RPC client -> unix socket -> PluginHost serving"
                + " the simulator in the same JVM; vanilla is in-process in both modes. manager = simulator, vanilla, group"
                + " and manager kinds started by a PluginHost in this JVM (as `infrakit plugin start manager group"
                + " simulator vanilla`), the specs committed to the manager over its socket (it stores each, then"
                + " hands it to the controller). cpu = CPU time of the whole"
                + " benchmark JVM over that time (all threads: controller, simulator, RPC, JIT, GC), less sensitive to"
                + " other load on the machine than the wall time.");
        // Warm the JIT once per mode so the first measured case is not a cold-JVM figure.
        for (int i = 0; i < 2; i++) {
            runOnce(Rig.Mode.IN_PROCESS, new Case(1, config.quick() ? 1000 : 10_000), config);
        }
        runOnce(Rig.Mode.SOCKET, new Case(1, config.quick() ? 200 : 1000), config);
        runOnce(Rig.Mode.MANAGER, new Case(1, config.quick() ? 200 : 1000), config);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rig.Mode mode : List.of(Rig.Mode.IN_PROCESS, Rig.Mode.SOCKET, Rig.Mode.MANAGER)) {
            for (Case c : cases(config.quick())) {
                double[] times = new double[repeats];
                double[] cpus = new double[repeats];
                CallCounts calls = null;
                for (int i = 0; i < repeats; i++) {
                    Run run = runOnce(mode, c, config);
                    times[i] = run.ms();
                    cpus[i] = run.cpuMs();
                    calls = run.calls();
                }
                double median = Stats.median(times);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("mode", mode.label);
                m.put("groups", c.groups());
                m.put("size_per_group", c.size());
                m.put("instances", c.total());
                m.put("median_ms", Stats.round(median));
                m.put("runs_ms", java.util.Arrays.stream(times).map(Stats::round).boxed().toList());
                m.put("median_cpu_ms", Stats.round(Stats.median(cpus)));
                m.put("calls_last_run", calls(calls));
                out.add(m);
                String metric = c.label() + ", " + mode.label;
                String value = Stats.ms(median) + ", CPU " + Stats.ms(Stats.median(cpus)) + " (Provision " + calls.provision() + ", Describe "
                        + calls.describeInstances() + ", with props " + calls.describeInstancesWithProperties() + ")";
                String target = target(c, mode);
                if (target == null) {
                    r.row(metric, value);
                } else {
                    r.row(metric, value, target, median < (c.total() == 1000 ? 500 : 3000));
                }
            }
        }
        r.put("cases", out);
        return r;
    }

    /** The targets apply to the simulator in-process: 1,000 under 0.5 s, 10,000 under 3 s. */
    private static String target(Case c, Rig.Mode mode) {
        if (mode != Rig.Mode.IN_PROCESS || c.groups() != 1) {
            return null;
        }
        return c.size() == 1000 ? "< 0.5 s" : c.size() == 10_000 ? "< 3 s" : null;
    }

    static Map<String, Object> calls(CallCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Validate", c.validate());
        m.put("Provision", c.provision());
        m.put("DescribeInstances", c.describeInstances());
        m.put("DescribeInstances_with_properties", c.describeInstancesWithProperties());
        m.put("Destroy", c.destroy());
        return m;
    }

    /** Commits the case on a fresh rig, waits for convergence, checks it, returns the time and the calls. */
    public static Run runOnce(Rig.Mode mode, Case c, BenchConfig config) throws Exception {
        try (Rig rig = new Rig(mode, Duration.ofSeconds(10), config.work())) {
            rig.sim().resetCalls();
            Set<String> ids = new HashSet<>();
            double cpu0 = Machine.processCpuMs();
            long start = System.nanoTime();
            for (int g = 0; g < c.groups(); g++) {
                String id = "g" + g;
                ids.add(id);
                rig.commits().commitGroup(Specs.group(id, c.size()), false);
            }
            Set<String> converged = new HashSet<>();
            long deadline = start + TimeUnit.SECONDS.toNanos(120 + c.total() / 50);
            while (!converged.containsAll(ids)) {
                Event e = rig.events().poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new IllegalStateException("converge " + c.label() + " (" + mode.label + "): only "
                            + converged.size() + " of " + ids.size() + " groups converged in time");
                }
                if (e.type() == EventType.CONVERGED) {
                    converged.add(e.group());
                }
            }
            long end = System.nanoTime();
            double cpu = Machine.processCpuMs() - cpu0;
            CallCounts calls = rig.sim().calls();
            check(rig, c, calls, mode);
            return new Run(Stats.nanosToMs(end - start), cpu, calls);
        }
    }

    private static void check(Rig rig, Case c, CallCounts calls, Rig.Mode mode) {
        String what = "converge " + c.label() + " (" + mode.label + ")";
        if (rig.sim().size() != c.total()) {
            throw new IllegalStateException(what + ": simulator holds " + rig.sim().size() + " instances, expected " + c.total());
        }
        if (calls.provision() != c.total() || calls.destroy() != 0 || calls.describeInstancesWithProperties() != 0) {
            throw new IllegalStateException(what + ": expected exactly " + c.total() + " Provision, 0 Destroy and 0"
                    + " DescribeInstances with properties; got " + calls);
        }
        for (int g = 0; g < c.groups(); g++) {
            GroupDescription d = rig.controller().describeGroup("g" + g);
            if (!d.converged() || d.instances().size() != c.size()) {
                throw new IllegalStateException(what + ": group g" + g + " converged=" + d.converged() + " with "
                        + d.instances().size() + " members, expected " + c.size());
            }
        }
    }
}
