package io.infrakit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorInstancePluginTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InstanceSpec spec(Map<String, String> tags) {
        return new InstanceSpec(json("{\"cpu\":1}"), tags, "echo hi", null, null);
    }

    private final SimulatorInstancePlugin sim = new SimulatorInstancePlugin("compute");

    @Test
    void provisionedInstancesCarryTheirTagsPlusTheSimulatorTag() {
        String id = sim.provision(new InstanceSpec(json("{\"cpu\":2}"), Map.of("role", "web"), "echo hello", "db-1", null));

        List<InstanceDescription> all = sim.describeInstances(Map.of(), true);

        assertThat(all).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.logicalId()).isEqualTo("db-1");
            assertThat(d.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("role", "web", "simulator", "simulator"));
            assertThat(d.properties()).isEqualTo(json("{\"cpu\":2}"));
        });
        assertThat(sim.instance(id)).get().extracting(SimulatedInstance::init).isEqualTo("echo hello");
    }

    @Test
    void idsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(sim.provision(spec(Map.of())));
        }
        assertThat(ids).hasSize(100);
    }

    @Test
    void describeReturnsOnlyInstancesHavingAllGivenTags() {
        String a = sim.provision(spec(Map.of("infrakit.group", "a", "role", "web")));
        String b = sim.provision(spec(Map.of("infrakit.group", "a", "role", "db")));
        String c = sim.provision(spec(Map.of("infrakit.group", "b", "role", "web")));

        assertThat(ids(sim.describeInstances(Map.of("infrakit.group", "a"), false))).containsExactly(a, b);
        assertThat(ids(sim.describeInstances(Map.of("role", "web"), false))).containsExactly(a, c);
        assertThat(ids(sim.describeInstances(Map.of("infrakit.group", "a", "role", "web"), false))).containsExactly(a);
        assertThat(ids(sim.describeInstances(Map.of("infrakit.group", "a", "role", "cache"), false))).isEmpty();
        assertThat(ids(sim.describeInstances(Map.of("nosuch", "x"), false))).isEmpty();
        assertThat(ids(sim.describeInstances(Map.of(), false))).containsExactly(a, b, c);
        assertThat(ids(sim.describeInstances(null, false))).containsExactly(a, b, c);
    }

    @Test
    void propertiesAreReturnedOnlyWhenAskedAndCountedSeparately() {
        sim.provision(spec(Map.of("g", "1")));

        assertThat(sim.describeInstances(Map.of("g", "1"), false)).singleElement()
                .extracting(InstanceDescription::properties).isNull();
        assertThat(sim.describeInstances(Map.of("g", "1"), true)).singleElement()
                .extracting(InstanceDescription::properties).isEqualTo(json("{\"cpu\":1}"));
        sim.describeInstances(Map.of(), false);

        CallCounts calls = sim.calls();
        assertThat(calls.describeInstances()).isEqualTo(3);
        assertThat(calls.describeInstancesWithProperties()).isEqualTo(1);
        assertThat(calls.provision()).isEqualTo(1);
        sim.resetCalls();
        assertThat(sim.calls()).isEqualTo(new CallCounts(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void labelMergesTagsAndTheIndexFollows() {
        String id = sim.provision(spec(Map.of("infrakit.group", "a", "role", "web")));

        sim.label(id, Map.of("role", "db", "owner", "me"));

        assertThat(sim.describeInstances(Map.of(), false)).singleElement().extracting(InstanceDescription::tags)
                .isEqualTo(Map.of("infrakit.group", "a", "role", "db", "owner", "me", "simulator", "simulator"));
        assertThat(sim.describeInstances(Map.of("role", "web"), false)).isEmpty();
        assertThat(ids(sim.describeInstances(Map.of("role", "db"), false))).containsExactly(id);
        assertThat(sim.calls().label()).isEqualTo(1);
    }

    @Test
    void labelKeepsTheInstancesPlaceInListings() {
        String a = sim.provision(spec(Map.of("infrakit.group", "g")));
        String b = sim.provision(spec(Map.of("infrakit.group", "g")));
        String c = sim.provision(spec(Map.of("infrakit.group", "g")));

        sim.label(a, Map.of("infrakit.config.hash", "new"));

        assertThat(ids(sim.describeInstances(Map.of("infrakit.group", "g"), false))).containsExactly(a, b, c);
        assertThat(ids(sim.describeInstances(Map.of(), false))).containsExactly(a, b, c);
        assertThat(ids(sim.describeInstances(Map.of("infrakit.config.hash", "new"), false))).containsExactly(a);
    }

    @Test
    void labelOfUnknownInstanceNamesIt() {
        assertThatThrownBy(() -> sim.label("nope-42", Map.of("a", "b")))
                .isInstanceOf(PluginException.class).hasMessageContaining("nope-42");
    }

    @Test
    void destroyRemovesAndUnknownIdIsAnErrorNamingIt() {
        String a = sim.provision(spec(Map.of("g", "1")));
        String b = sim.provision(spec(Map.of("g", "1")));

        sim.destroy(a, DestroyContext.terminate());

        assertThat(ids(sim.describeInstances(Map.of("g", "1"), false))).containsExactly(b);
        assertThatThrownBy(() -> sim.destroy(a, DestroyContext.terminate()))
                .isInstanceOf(PluginException.class).hasMessageContaining(a);
        assertThatThrownBy(() -> sim.destroy("12345", DestroyContext.terminate()))
                .isInstanceOf(PluginException.class).hasMessageContaining("'12345'");
        assertThat(sim.calls().destroy()).isEqualTo(3);
    }

    @Test
    void validateAcceptsObjectsAndRefusesOtherShapes() {
        sim.validate(json("{\"cpu\":1}"));
        sim.validate(null);
        assertThatThrownBy(() -> sim.validate(json("\"cpu\"")))
                .isInstanceOf(PluginException.class).hasMessageContaining("Properties must be a JSON object");
        assertThat(sim.calls().validate()).isEqualTo(3);
    }

    @Test
    void newInstancesStayInvisibleForVisibleAfterOnTheGivenClock() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        InstantSource clock = now::get;
        SimulatorInstancePlugin slow = new SimulatorInstancePlugin("compute",
                SimulatorOptions.DEFAULTS.withVisibleAfter(Duration.ofSeconds(30)), clock);

        String id = slow.provision(spec(Map.of("infrakit.group", "g")));

        assertThat(slow.describeInstances(Map.of("infrakit.group", "g"), false)).isEmpty();
        assertThat(slow.instance(id)).isPresent(); // it exists, the cloud just does not list it yet
        now.set(now.get().plusSeconds(29));
        assertThat(slow.describeInstances(Map.of("infrakit.group", "g"), false)).isEmpty();
        now.set(now.get().plusSeconds(1));
        assertThat(ids(slow.describeInstances(Map.of("infrakit.group", "g"), false))).containsExactly(id);
    }

    @Test
    void failureRateWithASeedIsReproducible() {
        SimulatorOptions options = SimulatorOptions.DEFAULTS.withFailureRate(0.3).withSeed(42L);

        List<Boolean> first = outcomes(new SimulatorInstancePlugin("compute", options, InstantSource.system()), 200);
        List<Boolean> second = outcomes(new SimulatorInstancePlugin("compute", options, InstantSource.system()), 200);

        assertThat(first).isEqualTo(second);
        long failures = first.stream().filter(ok -> !ok).count();
        assertThat(failures).isBetween(30L, 90L); // 0.3 of 200 = 60, give or take
    }

    @Test
    void failedProvisionsAreCountedAndLeaveNoInstance() {
        SimulatorInstancePlugin always = new SimulatorInstancePlugin("compute",
                SimulatorOptions.DEFAULTS.withFailureRate(1.0), InstantSource.system());

        assertThatThrownBy(() -> always.provision(spec(Map.of())))
                .isInstanceOf(PluginException.class).hasMessageContaining("failure-rate");
        assertThat(always.size()).isZero();
        assertThat(always.calls().provision()).isEqualTo(1);
        assertThat(always.calls().provisionFailures()).isEqualTo(1);
    }

    @Test
    void provisionDelayBlocks() {
        SimulatorInstancePlugin slow = new SimulatorInstancePlugin("compute",
                SimulatorOptions.DEFAULTS.withProvisionDelay(Duration.ofMillis(200)), InstantSource.system());
        long start = System.nanoTime();
        slow.provision(spec(Map.of()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void watchersSeeDestroyedAndKilledInstancesAsLost() throws Exception {
        List<InstanceChange> seen = new CopyOnWriteArrayList<>();
        String a = sim.provision(spec(Map.of("infrakit.group", "g")));
        String b = sim.provision(spec(Map.of("infrakit.group", "g")));
        String c = sim.provision(spec(Map.of("infrakit.group", "g")));
        AutoCloseable watch = sim.watch(seen::add);

        sim.destroy(a, DestroyContext.terminate());
        assertThat(sim.kill(b)).isTrue();
        assertThat(sim.kill(b)).isFalse();

        assertThat(seen).extracting(InstanceChange::kind).containsExactly(InstanceChange.Kind.LOST, InstanceChange.Kind.LOST);
        assertThat(seen).extracting(InstanceChange::instanceId).containsExactly(a, b);
        assertThat(seen.get(1).tags()).containsEntry("infrakit.group", "g");
        assertThat(ids(sim.describeInstances(Map.of("infrakit.group", "g"), false))).containsExactly(c);

        watch.close();
        sim.kill(c);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aFailingWatcherDoesNotBreakDestroy() {
        String a = sim.provision(spec(Map.of()));
        sim.watch(change -> {
            throw new IllegalStateException("boom");
        });
        sim.destroy(a, DestroyContext.terminate());
        assertThat(sim.size()).isZero();
    }

    @Test
    void concurrentCallsKeepStateConsistent() throws Exception {
        int n = 2000;
        List<String> ids = new CopyOnWriteArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                pool.submit(() -> {
                    String id = sim.provision(spec(Map.of("infrakit.group", "g" + (k % 4))));
                    ids.add(id);
                    sim.describeInstances(Map.of("infrakit.group", "g" + (k % 4)), false);
                    if (k % 2 == 0) {
                        sim.destroy(id, DestroyContext.terminate());
                    }
                });
            }
        }
        assertThat(ids).hasSize(n).doesNotHaveDuplicates();
        assertThat(sim.size()).isEqualTo(n / 2);
        int listed = 0;
        for (int g = 0; g < 4; g++) {
            listed += sim.describeInstances(Map.of("infrakit.group", "g" + g), false).size();
        }
        assertThat(listed).isEqualTo(n / 2);
    }

    private static List<Boolean> outcomes(SimulatorInstancePlugin p, int calls) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try {
                p.provision(spec(Map.of()));
                out.add(true);
            } catch (PluginException e) {
                out.add(false);
            }
        }
        return out;
    }

    static List<String> ids(List<InstanceDescription> ds) {
        return ds.stream().map(InstanceDescription::id).toList();
    }
}
