package io.infrakit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on: CPUs, memory, JDK, load at the start. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memory", memory());
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("cpu_model", cpuModel());
        m.put("loadavg_at_start", read("/proc/loadavg").split(" ").length >= 3
                ? String.join(" ", java.util.Arrays.copyOf(read("/proc/loadavg").split(" "), 3)) : "?");
        return m;
    }

    /** Keeps the probe's result reachable, so that the JIT cannot drop the loop. */
    private static volatile long probeSink;

    /**
     * How fast one core is right now: the median of 5 timings of a fixed xorshift loop (50 million steps, one chain of
     * dependent integer operations), in ms, after one untimed run. The same work takes 1.5-3x longer at some hours on
     * the shared 2-core machine than at others (seen over one afternoon, no other process running), so every result
     * carries this probe from before and after its scenario: figures are comparable when their probes are.
     */
    public static double speedProbeMs() {
        double[] t = new double[5];
        probeSink = spin(50_000_000L);
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            probeSink += spin(50_000_000L);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return Stats.median(t);
    }

    private static long spin(long steps) {
        long x = 88172645463325252L;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** CPU time (user + system, all threads) this JVM has used, in ms (/proc/self/stat). */
    public static double processCpuMs() {
        String stat = read("/proc/self/stat");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / Daemon.clockTicks();
    }

    private static String memory() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
            }
        }
        return "?";
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (Exception e) {
            return "";
        }
    }
}
