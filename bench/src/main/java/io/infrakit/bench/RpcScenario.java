package io.infrakit.bench;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 5: DescribeInstances over a unix socket (JSON-RPC client -> Jetty server -> simulator), 10 and
 * 1,000 instances per answer, 1 and 16 concurrent clients on virtual threads, a fixed time each.
 * Client and server share this JVM (and the machine's cores).
 */
public final class RpcScenario implements Scenario {

    /** One measured configuration. */
    public record Cell(int instances, int clients, long calls, double seconds, double[] latenciesMs) {
        double perSecond() {
            return calls / seconds;
        }
    }

    @Override
    public String name() {
        return "rpc";
    }

    @Override
    public String description() {
        return "DescribeInstances over a unix socket: calls/s and p50/p99 with 10 and 1,000 instances, 1 and 16 clients";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        double seconds = config.quick() ? 2 : 10;
        Result r = new Result(name());
        r.put("seconds_each", seconds);
        r.put("note", "client and server in the same JVM over a real unix socket; each client is a virtual thread"
                + " calling DescribeInstances(tags={infrakit.group: G}, properties=false) in a loop; 1 s warm-up each");
        List<Object> cells = new ArrayList<>();
        for (Cell c : measure(List.of(10, 1000), List.of(1, 16), seconds, config)) {
            cells.add(HealScenario.map("instances", c.instances(), "clients", c.clients(), "calls", c.calls(),
                    "calls_per_second", Stats.round(c.perSecond()), "latency", Stats.summaryMs(c.latenciesMs())));
            r.row(String.format("DescribeInstances %,d instances, %d client%s", c.instances(), c.clients(),
                    c.clients() == 1 ? "" : "s"), String.format("%,.0f calls/s, p50 %s, p99 %s", c.perSecond(),
                    Stats.ms(Stats.percentile(c.latenciesMs(), 50)), Stats.ms(Stats.percentile(c.latenciesMs(), 99))));
        }
        r.put("cells", cells);
        return r;
    }

    public static List<Cell> measure(List<Integer> sizes, List<Integer> clientCounts, double seconds, BenchConfig config)
            throws Exception {
        Files.createDirectories(config.work());
        Path home = Files.createTempDirectory(config.work(), "rpc");
        InfrakitPaths paths = InfrakitPaths.under(home);
        List<Cell> out = new ArrayList<>();
        try (PluginHost host = PluginHost.create(paths); PluginRegistry clients = new PluginRegistry(paths)) {
            host.start("simulator", null, Map.of());
            SimulatorInstancePlugin sim = (SimulatorInstancePlugin) host.registry().lookup(Rig.INSTANCE_PLUGIN,
                    InstancePlugin.class);
            for (int size : sizes) {
                for (int i = 0; i < size; i++) {
                    sim.provision(new InstanceSpec(null, Map.of(Tags.GROUP, "g" + size, "bench", "yes"), "echo hi", null, null));
                }
            }
            InstancePlugin remote = clients.instance(Rig.INSTANCE_PLUGIN);
            for (int size : sizes) {
                Map<String, String> tags = Map.of(Tags.GROUP, "g" + size);
                int got = remote.describeInstances(tags, false).size();
                if (got != size) {
                    throw new IllegalStateException("rpc: DescribeInstances returned " + got + " instances, expected " + size);
                }
                for (int n : clientCounts) {
                    load(remote, tags, n, Math.min(1, seconds), size); // warm-up
                    out.add(load(remote, tags, n, seconds, size));
                }
            }
        } finally {
            BenchMain.deleteQuietly(home);
        }
        return out;
    }

    private static Cell load(InstancePlugin remote, Map<String, String> tags, int clients, double seconds, int size)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] lat = new long[1 << 16];
            perClient.add(lat);
            int me = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = lat;
                int n = 0;
                try {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        int got = remote.describeInstances(tags, false).size();
                        long t1 = System.nanoTime();
                        if (got != size) {
                            throw new IllegalStateException("DescribeInstances returned " + got + ", expected " + size);
                        }
                        if (n == mine.length) {
                            mine = java.util.Arrays.copyOf(mine, n * 2);
                            perClient.set(me, mine);
                        }
                        mine[n++] = t1 - t0;
                    }
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    counts[me] = n;
                }
            }));
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) {
            throw new IllegalStateException("rpc: a client failed: " + failure[0], failure[0]);
        }
        long total = 0;
        for (int n : counts) {
            total += n;
        }
        double[] ms = new double[(int) total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            long[] lat = perClient.get(c);
            for (int i = 0; i < counts[c]; i++) {
                ms[k++] = lat[i] / 1e6;
            }
        }
        return new Cell(size, clients, total, elapsed, ms);
    }
}
