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

    /**
     * How fast the machine starts a JVM right now: the median wall time of 5 runs of {@code java -XX:TieredStopAtLevel=1
     * -XX:+UseSerialGC -version} (the CLI scenario's floor), in ms, after one untimed run. The shared 2-core machine
     * runs the same work 1.5-2.5x slower at some hours than at others, with no other process of ours running, and a
     * tight loop in a compiled method hardly shows it (it moved 103 -> 123 ms while start-up figures moved 1.5x): a
     * JVM's start, like the daemon's, does. Every result carries this probe from before and after its scenario;
     * figures are comparable when their probes are.
     */
    public static double speedProbeMs() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        double[] t = new double[5];
        try {
            for (int i = -1; i < t.length; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-version")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    return Double.NaN;
                }
                if (i >= 0) {
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        return Stats.median(t);
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
