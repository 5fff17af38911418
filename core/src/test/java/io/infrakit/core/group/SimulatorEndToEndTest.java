package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.simulator.SimulatedInstance;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.simulator.SimulatorOptions;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.vanilla.VanillaFlavor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The controller against the real simulator and vanilla flavor, in one JVM as `plugin start` runs them. */
class SimulatorEndToEndTest {

    private static final String TUTORIAL = """
            {"ID":"workers","Properties":{"Allocation":{"Size":%d},
             "Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value1"}},
             "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{"custom.tag1":"tutorial"}}}%s}}""";

    /** A simulator and vanilla on a hand-moved clock; reconciles run when the test says. */
    static final class Rig implements AutoCloseable {
        final MutableClock clock = new MutableClock();
        final SimulatorInstancePlugin sim;
        final EventBus events = new EventBus(clock, 50_000);
        final GroupControllerPlugin plugin;

        Rig(SimulatorOptions options) {
            sim = new SimulatorInstancePlugin("compute", options, clock);
            FakeLookup lookup = new FakeLookup().with("simulator/compute", sim).with("vanilla", new VanillaFlavor());
            plugin = new GroupControllerPlugin(lookup, events, clock,
                    new GroupControllerPlugin.Options(Duration.ofSeconds(1), 32, false), Runnable::run);
        }

        void tick(int seconds) {
            for (int i = 0; i < seconds; i++) {
                clock.advance(Duration.ofSeconds(1));
                plugin.reconcileAll();
            }
        }

        @Override
        public void close() {
            plugin.close();
        }
    }

    static io.infrakit.spi.group.GroupSpec tutorial(int size, String extra) {
        return Harness.spec(TUTORIAL.formatted(size, extra.isEmpty() ? "" : "," + extra));
    }

    @Test
    void instancesVisibleOnlyAfter30sCauseNoDuplicates() {
        try (Rig rig = new Rig(SimulatorOptions.DEFAULTS.withVisibleAfter(Duration.ofSeconds(30)))) {
            rig.plugin.commitGroup(tutorial(10, ""), false);
            rig.tick(120);
            assertThat(rig.sim.size()).isEqualTo(10);
            assertThat(rig.sim.calls().provision()).isEqualTo(10);
            assertThat(rig.sim.calls().destroy()).isZero();
            assertThat(rig.plugin.describeGroup("workers").converged()).isTrue();
        }
    }

    @Test
    void adoptsTheTutorialGroupInfraKitCreated() {
        try (Rig rig = new Rig(SimulatorOptions.DEFAULTS)) {
            for (int i = 0; i < 5; i++) {
                // Exactly what InfraKit's controller sent for its tutorial group (see the wire transcript).
                rig.sim.provision(new InstanceSpec(Harness.JSON.createObjectNode().put("apiProperty1", "value1"),
                        Map.of(Tags.GROUP, "workers", Tags.CONFIG_HASH, "6e7zxf3iit6jzxufe2vrjyz6yszyr4yh",
                                "custom.tag1", "tutorial"), "echo hi", null, null));
            }
            rig.sim.resetCalls();
            assertThat(rig.plugin.commitGroup(tutorial(5, ""), false)).isEqualTo("Managing 5 instances");
            rig.tick(60);
            assertThat(rig.sim.calls().provision()).isZero();
            assertThat(rig.sim.calls().destroy()).isZero();
            assertThat(rig.plugin.describeGroup("workers").converged()).isTrue();
        }
    }

    @Test
    void aMinuteOfSteadyStateOverAThousandMembersNeverAsksForProperties() {
        try (Rig rig = new Rig(SimulatorOptions.DEFAULTS)) {
            rig.plugin.commitGroup(tutorial(1000, ""), false);
            rig.tick(3);
            assertThat(rig.sim.size()).isEqualTo(1000);
            assertThat(rig.plugin.describeGroup("workers").converged()).isTrue();
            rig.sim.resetCalls();
            rig.tick(60);
            assertThat(rig.sim.calls().describeInstances()).isGreaterThanOrEqualTo(60);
            assertThat(rig.sim.calls().describeInstancesWithProperties()).isZero();
            assertThat(rig.sim.calls().provision()).isZero();
            assertThat(rig.sim.calls().destroy()).isZero();
        }
    }

    @Test
    void rollingUpdateOfTenWithMaxSurgeOne() {
        try (Rig rig = new Rig(SimulatorOptions.DEFAULTS.withVisibleAfter(Duration.ofSeconds(3)))) {
            rig.plugin.commitGroup(tutorial(10, ""), false);
            rig.tick(10);
            assertThat(rig.sim.size()).isEqualTo(10);
            String details = rig.plugin.commitGroup(Harness.spec("""
                    {"ID":"workers","Properties":{"Allocation":{"Size":10},
                     "Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value2"}},
                     "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{"custom.tag1":"tutorial"}}},
                     "Policy":{"MaxSurge":1,"MaxUnavailable":0}}}"""), false);
            assertThat(details).isEqualTo("Performing a rolling update on 10 instances");
            String hash = rig.plugin.controller("workers").config().configHash();
            for (int i = 0; i < 300; i++) {
                rig.tick(1);
                assertThat(rig.sim.size()).isLessThanOrEqualTo(11);
                long visible = rig.sim.describeInstances(Map.of(Tags.GROUP, "workers"), false).size();
                assertThat(visible).isGreaterThanOrEqualTo(10); // vanilla calls every visible member healthy
            }
            assertThat(rig.sim.instances()).hasSize(10)
                    .extracting(SimulatedInstance::tags).allSatisfy(t -> assertThat(t).containsEntry(Tags.CONFIG_HASH, hash));
            assertThat(rig.plugin.describeGroup("workers").converged()).isTrue();
        }
    }

    @Test
    void aKilledMemberIsReplacedOnTheProvidersPushNotTheNextPoll() {
        SimulatorInstancePlugin sim = new SimulatorInstancePlugin("compute", SimulatorOptions.DEFAULTS, Clock.systemUTC());
        FakeLookup lookup = new FakeLookup().with("simulator/compute", sim).with("vanilla", new VanillaFlavor());
        EventBus events = new EventBus();
        try (GroupControllerPlugin plugin = new GroupControllerPlugin(lookup, events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofHours(1), 8, true))) {
            plugin.commitGroup(tutorial(3, ""), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.size() == 3
                    && plugin.controller("workers").lastPlan() != null
                    && plugin.controller("workers").lastPlan().converged());
            String victim = sim.instances().get(0).id();
            sim.kill(victim);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.size() == 3 && sim.calls().provision() == 4);
            assertThat(events.history()).anyMatch(e -> e.type() == EventType.LOST && victim.equals(e.instance()));
        }
    }
}
