package io.infrakit.bench;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: a cold daemon. {@code bin/infrakit plugin start group vanilla simulator} as users start it
 * (a fresh INFRAKIT_HOME each time), timed from the process start until all three sockets answer
 * {@code Handshake.Hello}, with the daemon's AOT cache (default) and without ({@code INFRAKIT_AOT=0}),
 * interleaved; then, in each freshly started daemon, the first group of 1,000 committed over the socket
 * {@code group-stateless}, timed until {@code DescribeGroup} says converged with 1,000 members. CPU is the
 * daemon's user + system time (/proc) when its sockets answer.
 */
public final class StartScenario implements Scenario {

    static final List<String> SOCKETS = List.of("group-stateless", "vanilla", "simulator");
    static final int FIRST_GROUP = 1_000;

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String description() {
        return "cold daemon: plugin start -> every socket answers Hello; first group of 1,000 converged in it";
    }

    record Variant(String label, Map<String, String> env) {
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int runs = config.quick() ? 3 : 10;
        List<Variant> variants = List.of(
                new Variant("no AOT cache (INFRAKIT_AOT=0)", Map.of("INFRAKIT_AOT", "0")),
                new Variant("daemon AOT cache (default)", Map.of()));
        Result r = new Result(name());
        r.put("command", "bin/infrakit plugin start group vanilla simulator");
        r.put("runs_each", runs);
        double[][] ready = new double[variants.size()][runs];
        double[][] cpu = new double[variants.size()][runs];
        double[][] converge = new double[variants.size()][runs];
        double[][] rss = new double[variants.size()][runs];
        double[][] mainCpu = new double[variants.size()][runs];
        double[][] jitCpu = new double[variants.size()][runs];
        double[][] convergeCpu = new double[variants.size()][runs];
        once(config, variants.getFirst(), new double[7]); // untimed: page cache, file system
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < variants.size(); k++) { // interleaved: drifting load hits both alike
                double[] t = new double[7];
                once(config, variants.get(k), t);
                ready[k][i] = t[0];
                cpu[k][i] = t[1];
                mainCpu[k][i] = t[4];
                jitCpu[k][i] = t[5];
                converge[k][i] = t[2];
                rss[k][i] = t[3];
                convergeCpu[k][i] = t[6];
            }
        }
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < variants.size(); k++) {
            Variant v = variants.get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", v.label());
            m.put("env", v.env());
            m.put("sockets_answer_ms", Arrays.stream(ready[k]).map(Stats::round).boxed().toList());
            m.put("cpu_ms_at_answer", Arrays.stream(cpu[k]).map(Stats::round).boxed().toList());
            m.put("cpu_ms_main_thread_at_answer", Arrays.stream(mainCpu[k]).map(Stats::round).boxed().toList());
            m.put("cpu_ms_jit_threads_at_answer", Arrays.stream(jitCpu[k]).map(Stats::round).boxed().toList());
            m.put("first_group_converge_ms", Arrays.stream(converge[k]).map(Stats::round).boxed().toList());
            m.put("first_group_cpu_ms", Arrays.stream(convergeCpu[k]).map(Stats::round).boxed().toList());
            m.put("rss_mib_after_converge", Arrays.stream(rss[k]).map(Stats::round).boxed().toList());
            out.add(m);
            boolean dflt = v.env().isEmpty();
            double medReady = Stats.median(ready[k]);
            double medConverge = Stats.median(converge[k]);
            String readyValue = Stats.ms(medReady) + " wall, " + Stats.ms(Stats.median(cpu[k])) + " CPU (main thread "
                    + Stats.ms(Stats.median(mainCpu[k])) + ", JIT " + Stats.ms(Stats.median(jitCpu[k])) + "; median of " + runs + ")";
            String convergeValue = Stats.ms(medConverge) + " wall, " + Stats.ms(Stats.median(convergeCpu[k]))
                    + " CPU of the daemon (median of " + runs + ")";
            if (dflt) {
                r.row("plugin start -> all sockets answer Hello, " + v.label(), readyValue, "<= 0.3 s", medReady <= 300);
                r.row("first group of 1,000 in a fresh daemon, commit -> converged, " + v.label(), convergeValue,
                        "<= 0.3 s", medConverge <= 300);
            } else {
                r.row("plugin start -> all sockets answer Hello, " + v.label(), readyValue);
                r.row("first group of 1,000 in a fresh daemon, commit -> converged, " + v.label(), convergeValue);
            }
        }
        Path cache = config.root().resolve("cli/target/infrakit-daemon.aot");
        r.put("aot_cache", Files.exists(cache) ? cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)" : "none");
        r.put("variants", out);
        return r;
    }

    /**
     * One cold start; fills {sockets-answer ms, CPU ms then, first-group converge ms, RSS MiB after, main thread's
     * CPU ms and the JIT compiler threads' CPU ms when the sockets answer, the daemon's CPU ms from the first group's
     * commit until it converged: on a shared machine steadier than its wall time}.
     */
    private static void once(BenchConfig config, Variant v, double[] t) throws Exception {
        Files.createDirectories(config.work());
        Path home = Files.createTempDirectory(config.work(), "s");
        List<String> cmd = List.of(config.root().resolve("bin/infrakit").toString(), "plugin", "start", "group", "vanilla", "simulator");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("daemon.log").toFile());
        Daemon.env(pb.environment(), home);
        pb.environment().putAll(v.env());
        InfrakitPaths paths = InfrakitPaths.under(home);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            List<String> waiting = new ArrayList<>(SOCKETS);
            long deadline = t0 + Duration.ofSeconds(60).toNanos();
            while (!waiting.isEmpty()) {
                waiting.removeIf(s -> answersHello(paths.socket(s)));
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("daemon " + cmd + " did not answer on " + waiting + ": "
                            + Files.readString(home.resolve("daemon.log")));
                }
                if (!waiting.isEmpty()) {
                    Thread.sleep(1);
                }
            }
            t[0] = Stats.nanosToMs(System.nanoTime() - t0);
            t[1] = cpuMs(p.pid());
            double[] byThread = threadCpuMs(p.pid());
            t[4] = byThread[0];
            t[5] = byThread[1];
            try (PluginRegistry client = PluginRegistry.forCli(paths, Duration.ofSeconds(60))) {
                GroupPlugin group = client.group("group-stateless");
                double cpu0 = cpuMs(p.pid());
                long c0 = System.nanoTime();
                group.commitGroup(Specs.group("first", FIRST_GROUP), false);
                while (true) {
                    GroupDescription d = group.describeGroup("first");
                    if (d.converged() && d.instances().size() == FIRST_GROUP) {
                        break;
                    }
                    if (System.nanoTime() - c0 > Duration.ofSeconds(60).toNanos()) {
                        throw new IllegalStateException("the first group did not converge in 60 s: " + d.instances().size()
                                + " of " + FIRST_GROUP);
                    }
                    Thread.sleep(2);
                }
                t[2] = Stats.nanosToMs(System.nanoTime() - c0);
                t[6] = cpuMs(p.pid()) - cpu0;
                int described = client.instance(Rig.INSTANCE_PLUGIN).describeInstances(Map.of("infrakit.group", "first"), false).size();
                if (described != FIRST_GROUP) {
                    throw new IllegalStateException("the simulator describes " + described + " instances of the first group, expected " + FIRST_GROUP);
                }
            }
            t[3] = rssMiB(p.pid());
        } finally {
            p.destroy();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            BenchMain.deleteQuietly(home);
        }
    }

    /** One Handshake.Hello by hand (java.nio, no client library to load or warm): true when it answers. */
    static boolean answersHello(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        byte[] body = "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}".getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(body));
            ByteBuffer in = ByteBuffer.allocate(8192);
            StringBuilder got = new StringBuilder();
            while (ch.read(in) >= 0) {
                in.flip();
                got.append(StandardCharsets.UTF_8.decode(in));
                in.clear();
                if (got.indexOf("\"Objects\"") >= 0) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static double cpuMs(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / Daemon.clockTicks();
    }

    /**
     * {main thread, JIT compiler threads} CPU ms of a JVM, from /proc/PID/task: the launcher names the thread that
     * runs {@code main} "java"; compiler threads are "C1 CompilerThre..." and "C2 CompilerThre...".
     */
    static double[] threadCpuMs(long pid) {
        double[] out = new double[2];
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / Daemon.clockTicks();
                if (name.equals("java")) {
                    out[0] += ms;
                } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    out[1] += ms;
                }
            }
        } catch (java.io.IOException e) {
            return new double[]{Double.NaN, Double.NaN};
        }
        return out;
    }

    static double rssMiB(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
