package io.infrakit.core.group;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventType;
import io.infrakit.core.manager.Manager;
import io.infrakit.core.manager.store.FileLeadership;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.simulator.SimulatedInstance;
import io.infrakit.simulator.SimulatorOptions;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The lifecycle policies end to end: phased updates, rollback, canary, MaxLifetime, protect, standby, detach. */
class LifecycleScenariosTest {

    @TempDir
    Path home;

    /** The tutorial group; {@code bad} makes the vanilla flavor judge every member unhealthy (a failed Init). */
    static GroupSpec tutorial(int size, String version, boolean bad, String policy) {
        String tags = "\"version\":\"" + version + "\"" + (bad ? ",\"" + Tags.INIT_STATUS + "\":\"failed\"" : "");
        return Harness.spec("""
                {"ID":"workers","Properties":{"Allocation":{"Size":%d},
                 "Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value1"}},
                 "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{%s}}},
                 "Policy":%s}}""".formatted(size, tags, policy));
    }

    static List<EventType> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    @Test
    void aBadVersionStopsAtTheFirstCheckpointAndRollsBackByItselfThroughTheStore() {
        String policy = "{\"MaxSurge\":1,\"HealthyTimeout\":\"2m\",\"Update\":{\"Checkpoints\":[10,50,100],"
                + "\"BakeTime\":\"30s\",\"AutoRollback\":true}}";
        try (SimulatorEndToEndTest.Rig rig = new SimulatorEndToEndTest.Rig(SimulatorOptions.DEFAULTS);
             Manager m = new Manager(new FileSpecStore(home.resolve("configs")), new FileLeadership(home, Duration.ofMillis(50)),
                     () -> rig.plugin, location -> null, Duration.ofSeconds(5), Manager.EventSource.NONE)) {
            m.start("unix://m");
            await().atMost(Duration.ofSeconds(5)).until(m::isLeader);
            m.commitGroup(tutorial(10, "v1", false, policy), false);
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.plugin.inspectGroups().size() == 1);
            rig.tick(5);
            String good = rig.plugin.controller("workers").config().configHash();
            assertThat(rig.sim.instances()).hasSize(10);
            long provisionsBefore = rig.sim.calls().provision();
            long eventsBefore = rig.events.history().getLast().sequence();

            assertThat(m.commitGroup(tutorial(10, "v2", true, policy), true)).isEqualTo("Performing a rolling update on 10"
                    + " instances, in phases 10%, 50%, 100% (each held 30s once healthy), rolled back by itself if new"
                    + " members are not healthy within 2m0s");
            m.commitGroup(tutorial(10, "v2", true, policy), false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !rig.plugin.controller("workers").config().configHash().equals(good));
            String bad = rig.plugin.controller("workers").config().configHash();
            rig.tick(180);

            // The first checkpoint is 10% of 10: one member of the bad version was made, no old one destroyed.
            assertThat(rig.sim.calls().provision() - provisionsBefore).isEqualTo(1);
            assertThat(rig.plugin.controller("workers").config().configHash()).isEqualTo(good);
            assertThat(rig.sim.instances()).hasSize(10)
                    .allSatisfy(i -> assertThat(i.tags()).containsEntry(Tags.CONFIG_HASH, good));
            // The previous stored version was committed again, as a version of its own.
            assertThat(m.history("workers")).hasSize(3);
            assertThat(m.history("workers").get(0).spec().properties())
                    .isEqualTo(m.history("workers").get(2).spec().properties());
            assertThat(rig.plugin.controller("workers").rollbackReason()).contains("is unhealthy");

            List<Event> after = rig.events.since(eventsBefore);
            List<EventType> order = types(after).stream().filter(t -> Set.of(EventType.UPDATE_STARTED, EventType.UPDATE_PAUSED,
                    EventType.ROLLBACK_STARTED, EventType.ROLLED_BACK, EventType.UPDATE_COMPLETED, EventType.CONVERGED).contains(t))
                    .toList();
            assertThat(order).containsExactly(EventType.UPDATE_STARTED, EventType.UPDATE_PAUSED, EventType.ROLLBACK_STARTED,
                    EventType.ROLLED_BACK, EventType.UPDATE_COMPLETED, EventType.CONVERGED);
            Event rolled = after.stream().filter(e -> e.type() == EventType.ROLLED_BACK).findFirst().orElseThrow();
            assertThat(rolled.message()).contains("version 3 (the content of version 1, config " + good + ")")
                    .contains("new member").contains("is unhealthy");
            assertThat(after.stream().filter(e -> e.type() == EventType.ROLLBACK_STARTED).findFirst().orElseThrow().message())
                    .startsWith("config " + bad);

            // The rolled-back version fails too: a rollback is never rolled back, it pauses.
            long rollbacks = count(rig, EventType.ROLLBACK_STARTED);
            rig.sim.instances().forEach(i -> rig.sim.label(i.id(), Map.of(Tags.INIT_STATUS, Tags.INIT_FAILED)));
            rig.tick(10);
            assertThat(count(rig, EventType.ROLLBACK_STARTED)).isEqualTo(rollbacks);
            assertThat(rig.plugin.describeGroup("workers").status().unhealthy()).isEqualTo(10);
            assertThat(m.history("workers")).hasSize(3);
        }
    }

    @Test
    void aCanaryOfTwoStaysAtTwoUntilPromoteAndAbortGoesBack() {
        try (Harness h = new Harness()) {
            String policy = "\"Policy\":{\"MaxSurge\":1,\"Update\":{\"Canary\":{\"Size\":2}}}";
            h.commit(Harness.scaled("web", 10, 1, policy));
            h.tick(5);
            String v1 = h.plugin.controller("web").config().configHash();
            assertThatThrownBy(() -> h.plugin.promote("web")).isInstanceOf(PluginException.class)
                    .hasMessageContaining("has no canary waiting");

            assertThat(h.plugin.commitGroup(Harness.scaled("web", 10, 2, policy), true))
                    .isEqualTo("Performing a rolling update on 10 instances, 2 of them as a canary until infrakit group promote web");
            h.commit(Harness.scaled("web", 10, 2, policy));
            String v2 = h.plugin.controller("web").config().configHash();
            h.tick(300);
            assertThat(countByHash(h)).containsEntry(v2, 2L).containsEntry(v1, 8L);
            assertThat(h.instances.count()).isEqualTo(10);
            assertThat(h.events(EventType.CANARY_READY)).hasSize(1);
            assertThat(h.plugin.describeGroup("web").status().message()).contains("canary: 2 of 10 members on config " + v2)
                    .contains("waiting for infrakit group promote web");

            assertThat(h.plugin.promote("web")).contains("Promoted config " + v2);
            h.tick(60);
            assertThat(countByHash(h)).containsOnlyKeys(v2).containsEntry(v2, 10L);
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();

            // A third version's canary, aborted: its two members go back to v2 (kept in memory here).
            h.commit(Harness.scaled("web", 10, 3, policy));
            String v3 = h.plugin.controller("web").config().configHash();
            h.tick(60);
            assertThat(countByHash(h)).containsEntry(v3, 2L).containsEntry(v2, 8L);
            assertThat(h.plugin.abort("web")).contains("rolled back to config " + v2).contains("aborted by request");
            h.tick(60);
            assertThat(countByHash(h)).containsOnlyKeys(v2).containsEntry(v2, 10L);
            assertThat(types(h.events.history())).containsSubsequence(EventType.CANARY_READY, EventType.CANARY_ABORTED,
                    EventType.ROLLED_BACK, EventType.UPDATE_COMPLETED);
            assertThat(h.instances.peak).isLessThanOrEqualTo(11);
        }
    }

    @Test
    void maxLifetimeReplacesTenOldMembersWithoutGoingBelowTheHealthyMinimum() {
        try (Harness h = new Harness()) {
            // A member boots for 5 s before its flavor calls it healthy.
            h.flavor.health = d -> h.instances.all().stream().filter(x -> x.id().equals(d.id())).findFirst()
                    .filter(s -> !s.created().plus(Duration.ofSeconds(5)).isAfter(h.clock.instant()))
                    .map(s -> Health.HEALTHY).orElse(Health.UNKNOWN);
            h.commit(Harness.scaled("web", 10, 1, "\"Policy\":{\"MaxSurge\":1,\"MaxUnavailable\":0,\"MaxLifetime\":\"1h\"}"));
            h.tick(30);
            Set<String> first = h.instances.all().stream().map(FakeInstancePlugin.Stored::id).collect(Collectors.toSet());
            assertThat(first).hasSize(10);
            for (int i = 0; i < 3700; i++) {
                h.tick(1);
                long healthy = h.instances.visible().stream()
                        .filter(s -> !s.created().plus(Duration.ofSeconds(5)).isAfter(h.clock.instant())).count();
                assertThat(healthy).as("healthy members at t+%ds", i).isGreaterThanOrEqualTo(10);
                assertThat(h.instances.count()).as("members at t+%ds", i).isLessThanOrEqualTo(11);
            }
            Set<String> now = h.instances.all().stream().map(FakeInstancePlugin.Stored::id).collect(Collectors.toSet());
            assertThat(now).hasSize(10).doesNotContainAnyElementsOf(first);
            assertThat(h.instances.destroyReasons).hasSize(10).containsOnly("rolling_update");
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
        }
    }

    @Test
    void protectedStandbyAndDetachedMembersAreLeftAlone() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 4, 1, ""));
            h.tick(3);
            List<String> ids = h.instances.all().stream().map(FakeInstancePlugin.Stored::id).sorted().toList();
            String keep = ids.get(0);
            String spare = ids.get(1);
            String gone = ids.get(2);
            h.instances.label(keep, Map.of(Tags.PROTECTED, Tags.TRUE));
            h.instances.label(spare, Map.of(Tags.STANDBY, Tags.TRUE));
            h.instances.label(gone, Map.of(Tags.GROUP, "", Tags.DETACHED, "web"));
            // The protected member is unhealthy for an hour: it is never replaced.
            h.flavor.health = d -> d.id().equals(keep) || d.id().equals(spare) ? Health.UNHEALTHY : Health.HEALTHY;
            h.tick(3600, Duration.ofSeconds(1));
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).contains(keep, spare, gone);
            // Standby and detached members do not count: two more serve in their place.
            assertThat(h.plugin.describeGroup("web").status().running()).isEqualTo(4);
            assertThat(h.instances.count()).isEqualTo(6);

            h.plugin.setSize("web", 0);
            h.tick(5);
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).containsExactlyInAnyOrder(keep, spare, gone);
            assertThat(h.events(EventType.DESTROYED)).noneMatch(e -> Set.of(keep, spare, gone).contains(e.instance()));
        }
    }

    static long count(SimulatorEndToEndTest.Rig rig, EventType type) {
        return rig.events.history().stream().filter(e -> e.type() == type).count();
    }

    static Map<String, Long> countByHash(Harness h) {
        return h.instances.all().stream().collect(Collectors.groupingBy(s -> s.tags().get(Tags.CONFIG_HASH),
                Collectors.counting()));
    }
}
