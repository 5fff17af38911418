package io.infrakit.bench;

import io.infrakit.rpc.InfrakitPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/infrakit plugin start KIND...} as a separate process with its own INFRAKIT_HOME, plus what
 * /proc says about it (CPU time, RSS). bin/infrakit execs java, so the process we start is the JVM.
 */
public final class Daemon implements AutoCloseable {

    private static long clockTicks = -1;

    private final Process process;
    private final Path home;
    private final Path log;

    private Daemon(Process process, Path home, Path log) {
        this.process = process;
        this.home = home;
        this.log = log;
    }

    /**
     * Starts the daemon and waits until every socket in {@code sockets} exists.
     *
     * @param args what follows {@code bin/infrakit}, e.g. plugin start group simulator vanilla
     */
    public static Daemon start(BenchConfig config, List<String> args, List<String> sockets) throws Exception {
        return start(config, args, sockets, Map.of());
    }

    /** As above, with {@code extraEnv} set for the daemon (e.g. INFRAKIT_MAX_SIZE). */
    public static Daemon start(BenchConfig config, List<String> args, List<String> sockets, Map<String, String> extraEnv)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.root().resolve("bin/infrakit").toString());
        cmd.addAll(args);
        return launch(config, cmd, sockets, extraEnv);
    }

    /**
     * Any plugin process (e.g. the Python example plugin) with its own INFRAKIT_HOME, waiting until every
     * socket in {@code sockets} exists; stopped with SIGTERM like a daemon.
     */
    public static Daemon launch(BenchConfig config, List<String> cmd, List<String> sockets, Map<String, String> extraEnv)
            throws Exception {
        Files.createDirectories(config.work());
        Path home = Files.createTempDirectory(config.work(), "d");
        Path log = home.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        env(pb.environment(), home);
        pb.environment().putAll(extraEnv);
        Daemon d = new Daemon(pb.start(), home, log);
        InfrakitPaths paths = d.paths();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!sockets.stream().allMatch(s -> Files.exists(paths.socket(s)))) {
            if (!d.process.isAlive()) {
                throw new IllegalStateException("daemon " + cmd + " exited with " + d.process.exitValue() + ": " + d.logTail());
            }
            if (System.nanoTime() > deadline) {
                d.close();
                throw new IllegalStateException("daemon " + cmd + " did not open " + sockets + " within 120 s: " + d.logTail());
            }
            Thread.sleep(100);
        }
        return d;
    }

    /** The environment for bin/infrakit against {@code home}: no rebuild check (bin/bench built it). */
    static void env(Map<String, String> env, Path home) {
        env.put("INFRAKIT_HOME", home.toString());
        env.remove("INFRAKIT_PLUGINS_DIR");
        env.put("INFRAKIT_NO_BUILD", "1");
    }

    public Path home() {
        return home;
    }

    public InfrakitPaths paths() {
        return InfrakitPaths.under(home);
    }

    public long pid() {
        return process.pid();
    }

    /** User + system CPU seconds the process has used so far (/proc/PID/stat utime + stime). */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks / (double) clockTicks();
    }

    /**
     * CPU seconds per thread group so far (/proc/PID/task/TID/stat), threads named alike (digits dropped:
     * "C2 CompilerThread0" and "...1" are one group) summed. Threads that ended are not counted.
     */
    public Map<String, Double> threadCpuSeconds() throws IOException {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clockTicks();
                    out.merge(name, sec, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read it
                }
            }
        }
        return out;
    }

    /** Resident set size in MiB (/proc/PID/status VmRSS). */
    public double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** The named lines of /proc/PID/status (e.g. RssAnon, RssFile) in MiB: which part of the RSS is heap and malloc, which is mapped files. */
    public Map<String, Double> rssPartsMiB() throws IOException {
        Map<String, Double> parts = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("RssAnon:") || line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                parts.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
            }
        }
        return parts;
    }

    /**
     * The daemon's heap after a full collection: {@code jcmd PID GC.class_histogram} collects first and
     * then counts live objects only, so its total is the live heap. Run it after any timed window (the
     * full collection is a pause the daemon would not otherwise take).
     */
    public HeapHistogram heapHistogram() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = home.resolve("histogram.txt");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // To a file, so that a jcmd that cannot attach is given up on after a minute, not waited for.
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid() + " GC.class_histogram did not answer within 60 s");
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid() + " GC.class_histogram failed: " + text.strip());
        }
        return HeapHistogram.parse(text);
    }

    /** Threads of the process (/proc/PID/status Threads). */
    public int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static synchronized long clockTicks() {
        if (clockTicks < 0) {
            clockTicks = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String s = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() == 0) {
                    clockTicks = Long.parseLong(s);
                }
            } catch (Exception ignored) {
                // 100 is the value on every Linux we know
            }
        }
        return clockTicks;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM (the daemon removes its sockets), then SIGKILL if it does not stop within 15 s. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        BenchMain.deleteQuietly(home);
    }
}
