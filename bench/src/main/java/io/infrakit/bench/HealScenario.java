package io.infrakit.bench;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventType;
import io.infrakit.simulator.SimulatedInstance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 3: a member is removed behind the controller's back (the simulator's kill: no Destroy call) and
 * we time until the controller has provisioned its replacement (the PROVISIONED event), then wait for the
 * group to converge again before the next removal. Once with provider events (the simulator's
 * InstanceChangeSource, poll 10 s) and once polling only (the simulator hidden behind a plain
 * InstancePlugin, poll 1 s); then with the instance plugin in another process, events over the wire (poll
 * 10 s): the simulator, and the Python example plugin ({@link RemoteHeal}).
 */
public final class HealScenario implements Scenario {

    public static final int GROUP_SIZE = 100;

    @Override
    public String name() {
        return "heal";
    }

    @Override
    public String description() {
        return "member removed behind the controller's back until its replacement is provisioned, p50/p99: events vs polling,"
                + " and events over the wire from the simulator and the Python example plugin in their own processes";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int removals = config.quick() ? 20 : 100;
        Result r = new Result(name());
        r.put("group_size", GROUP_SIZE);
        r.put("removals", removals);
        r.put("note", "latency = simulator kill (no Destroy) -> controller's PROVISIONED event for the replacement;"
                + " the group converges again before the next removal; polling only: each removal waits a random"
                + " 0..1 s first, so it lands at a random point of the poll cycle");
        double[] events = measure(Rig.Mode.IN_PROCESS, Duration.ofSeconds(10), removals, config);
        double[] polling = measure(Rig.Mode.POLLING, Duration.ofSeconds(1), removals, config);
        double[] remote = RemoteHeal.measure(config, RemoteHeal.Plugin.simulator(config), Duration.ofSeconds(10), removals);
        double[] python = RemoteHeal.measure(config, RemoteHeal.Plugin.python(config), Duration.ofSeconds(10), removals);
        Map<String, Object> e = Stats.summaryMs(events);
        e.put("poll_interval", "10s");
        Map<String, Object> p = Stats.summaryMs(polling);
        p.put("poll_interval", "1s");
        r.put("with_provider_events", e);
        r.put("polling_only", p);
        Map<String, Object> w = Stats.summaryMs(remote);
        w.put("poll_interval", "10s");
        w.put("how", "bin/infrakit plugin start simulator in its own process; the member is destroyed by another client"
                + " over the socket; the controller learns it over InstanceEvents/0.1.0");
        r.put("events_over_the_wire", w);
        Map<String, Object> py = Stats.summaryMs(python);
        py.put("poll_interval", "10s");
        py.put("how", "python3 examples/plugins/python/plugin.py in its own process as the instance plugin; the member is"
                + " destroyed by another client over the socket; the controller learns it over InstanceEvents/0.1.0");
        r.put("python_plugin_events_over_the_wire", py);
        double p99 = Stats.percentile(events, 99);
        r.row("with provider events (poll 10 s), p50 / p99 over " + removals,
                Stats.ms(Stats.percentile(events, 50)) + " / " + Stats.ms(p99), "p99 < 1 s", p99 < 1000);
        double remoteP99 = Stats.percentile(remote, 99);
        r.row("simulator in a separate process, events over the wire (poll 10 s), p50 / p99 over " + removals,
                Stats.ms(Stats.percentile(remote, 50)) + " / " + Stats.ms(remoteP99), "p99 < 1 s", remoteP99 < 1000);
        double pythonP99 = Stats.percentile(python, 99);
        r.row("Python example plugin in a separate process, events over the wire (poll 10 s), p50 / p99 over " + removals,
                Stats.ms(Stats.percentile(python, 50)) + " / " + Stats.ms(pythonP99), "p99 < 1 s", pythonP99 < 1000);
        r.row("polling only (poll 1 s), p50 / p99 over " + removals,
                Stats.ms(Stats.percentile(polling, 50)) + " / " + Stats.ms(Stats.percentile(polling, 99)));
        return r;
    }

    /** Heal latencies in ms for {@code removals} removals, one at a time. */
    public static double[] measure(Rig.Mode mode, Duration poll, int removals, BenchConfig config) throws Exception {
        try (Rig rig = new Rig(mode, poll, config.work())) {
            String group = "heal";
            rig.commits().commitGroup(Specs.group(group, GROUP_SIZE), false);
            awaitEvent(rig, EventType.CONVERGED, group, null, 60);
            Random random = new Random(42);
            double[] ms = new double[removals];
            for (int i = 0; i < removals; i++) {
                List<SimulatedInstance> all = rig.sim().instances();
                String victim = all.get(random.nextInt(all.size())).id();
                if (mode == Rig.Mode.POLLING) {
                    // Removals land at a random point of the poll cycle, as in life (right after a poll would
                    // always measure the worst case, a whole interval).
                    Thread.sleep(random.nextLong(Math.max(1, poll.toMillis())));
                }
                long provisionsBefore = rig.sim().calls().provision();
                rig.events().clear();
                long t0 = System.nanoTime();
                if (!rig.sim().kill(victim)) {
                    throw new IllegalStateException("heal: could not remove instance " + victim);
                }
                awaitEvent(rig, EventType.PROVISIONED, group, null, 30);
                ms[i] = Stats.nanosToMs(System.nanoTime() - t0);
                awaitEvent(rig, EventType.CONVERGED, group, null, 30);
                if (rig.sim().size() != GROUP_SIZE || rig.sim().calls().provision() != provisionsBefore + 1) {
                    throw new IllegalStateException("heal (" + mode.label + "): after removal " + (i + 1) + " the group"
                            + " has " + rig.sim().size() + " instances and took " + (rig.sim().calls().provision()
                            - provisionsBefore) + " provisions; expected " + GROUP_SIZE + " and exactly 1");
                }
                if (rig.sim().instance(victim).isPresent()) {
                    throw new IllegalStateException("heal: removed instance " + victim + " is back");
                }
            }
            return ms;
        }
    }

    static Event awaitEvent(Rig rig, EventType type, String group, String instance, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Event e = rig.events().poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IllegalStateException("no " + type + " event for group " + group + " within " + seconds + " s ("
                        + rig.mode().label + ")");
            }
            if (e.type() == type && group.equals(e.group()) && (instance == null || instance.equals(e.instance()))) {
                return e;
            }
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
