package io.infrakit.bench;

import io.infrakit.core.event.EventType;
import io.infrakit.core.group.GroupController;
import io.infrakit.simulator.CallCounts;
import io.infrakit.simulator.SimulatedInstance;
import io.infrakit.spi.Tags;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4: a rolling update of N members with Policy.MaxSurge = 10% of N (MaxUnavailable 0). A sampler
 * thread reads the simulator's instance count (and the controller's in-flight provisions) every ~0.2 ms
 * to find the most instances that existed at once; at the end every member must carry the new config hash.
 */
public final class RollingUpdateScenario implements Scenario {

    /** What one rolling update measured. */
    public record Outcome(int size, int maxSurge, double ms, int mostInstances, int mostWithInFlight, CallCounts calls,
                          long samples) {
    }

    @Override
    public String name() {
        return "rolling";
    }

    @Override
    public String description() {
        return "rolling update of 1,000 instances with MaxSurge 10%: total time, most instances at once, all on the new hash";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int size = config.quick() ? 300 : 1000;
        Outcome o = measure(size, config);
        Result r = new Result(name());
        r.put("instances", o.size());
        r.put("policy", "{\"MaxSurge\":" + o.maxSurge() + ",\"MaxUnavailable\":0}");
        r.put("total_ms", Stats.round(o.ms()));
        r.put("most_instances_at_once", o.mostInstances());
        r.put("most_instances_plus_in_flight_provisions", o.mostWithInFlight());
        r.put("limit", o.size() + o.maxSurge());
        r.put("samples", o.samples());
        r.put("calls", ConvergeScenario.calls(o.calls()));
        r.put("note", "time = second CommitGroup (new Instance.Properties) until the group converges with every member"
                + " on the new config hash; 'plus in flight' adds provisions the controller counts as pending (an"
                + " upper bound: a returned provision is counted in both until the next observation)");
        r.row(String.format("%,d instances, MaxSurge %d: total time", size, o.maxSurge()), Stats.ms(o.ms()));
        r.row("most instances at once (limit " + (o.size() + o.maxSurge()) + ")", o.mostInstances() + " (with in-flight: "
                + o.mostWithInFlight() + ")", "<= " + (o.size() + o.maxSurge()), o.mostInstances() <= o.size() + o.maxSurge());
        return r;
    }

    public static Outcome measure(int size, BenchConfig config) throws Exception {
        int surge = Math.max(1, size / 10);
        String policy = "{\"MaxSurge\":" + surge + ",\"MaxUnavailable\":0}";
        try (Rig rig = new Rig(Rig.Mode.IN_PROCESS, Duration.ofSeconds(10), config.work())) {
            String group = "rolling";
            rig.commits().commitGroup(Specs.group(group, size, "v1", policy), false);
            HealScenario.awaitEvent(rig, EventType.CONVERGED, group, null, 120);
            GroupController controller = rig.controller().controller(group);
            rig.sim().resetCalls();
            rig.events().clear();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger mostInFlight = new AtomicInteger();
            long[] samples = new long[1];
            Thread sampler = Thread.ofPlatform().name("rolling-sampler").start(() -> {
                while (!stop.get()) {
                    int n = rig.sim().size();
                    int inFlight = controller.status().provisioning();
                    most.accumulateAndGet(n, Math::max);
                    mostInFlight.accumulateAndGet(n + inFlight, Math::max);
                    samples[0]++;
                    LockSupport.parkNanos(200_000);
                }
            });
            long t0 = System.nanoTime();
            rig.commits().commitGroup(Specs.group(group, size, "v2", policy), false);
            String hash = controller.config().configHash();
            HealScenario.awaitEvent(rig, EventType.UPDATE_COMPLETED, group, null, 300);
            HealScenario.awaitEvent(rig, EventType.CONVERGED, group, null, 300);
            double ms = Stats.nanosToMs(System.nanoTime() - t0);
            stop.set(true);
            sampler.join();
            CallCounts calls = rig.sim().calls();
            int count = 0;
            for (SimulatedInstance i : rig.sim().instances()) {
                if (!hash.equals(i.tags().get(Tags.CONFIG_HASH))) {
                    throw new IllegalStateException("rolling: instance " + i.id() + " still has config hash "
                            + i.tags().get(Tags.CONFIG_HASH) + ", expected " + hash);
                }
                count++;
            }
            if (count != size || calls.provision() != size || calls.destroy() != size) {
                throw new IllegalStateException("rolling: expected " + size + " instances, " + size + " Provision and "
                        + size + " Destroy; got " + count + " instances and " + calls);
            }
            if (most.get() > size + surge) {
                throw new IllegalStateException("rolling: " + most.get() + " instances existed at once, above size "
                        + size + " + MaxSurge " + surge);
            }
            return new Outcome(size, surge, ms, most.get(), mostInFlight.get(), calls, samples[0]);
        }
    }
}
