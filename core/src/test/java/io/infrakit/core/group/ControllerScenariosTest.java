package io.infrakit.core.group;

import io.infrakit.core.event.EventType;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The "what it must show" scenarios, on fake plugins and a hand-moved clock. */
class ControllerScenariosTest {

    private static String hashOf(Harness h, String id) {
        return h.plugin.controller(id).config().configHash();
    }

    @Test
    void slowProviderCausesNoDuplicates() {
        try (Harness h = new Harness()) {
            h.instances.visibleAfter = Duration.ofSeconds(30);
            h.commit(Harness.scaled("web", 10, 1, ""));
            h.tick(120); // two minutes, polling every second
            assertThat(h.instances.count()).isEqualTo(10);
            assertThat(h.instances.provisions.get()).isEqualTo(10);
            assertThat(h.instances.visible()).hasSize(10);
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
            assertThat(h.events(EventType.CONVERGED)).hasSize(1);
        }
    }

    @Test
    void lostMemberIsReplaced() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, ""));
            h.tick(3);
            String victim = h.instances.all().get(0).id();
            h.instances.lose(victim);
            h.tick(2);
            assertThat(h.instances.count()).isEqualTo(3);
            assertThat(h.instances.provisions.get()).isEqualTo(4);
            assertThat(h.events(EventType.LOST)).extracting(e -> e.instance()).containsExactly(victim);
        }
    }

    @Test
    void rollingUpdateWithMaxSurgeOneStaysWithinBoundsAndFinishes() {
        try (Harness h = new Harness()) {
            h.instances.visibleAfter = Duration.ofSeconds(2);
            // A member boots for 5 s before its flavor calls it healthy.
            h.flavor.health = d -> {
                var s = h.instances.all().stream().filter(x -> x.id().equals(d.id())).findFirst();
                return s.isPresent() && !s.get().created().plus(Duration.ofSeconds(5)).isAfter(h.clock.instant())
                        ? Health.HEALTHY : Health.UNKNOWN;
            };
            h.commit(Harness.scaled("web", 10, 1, ""));
            h.tick(30);
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
            h.instances.peak = h.instances.count();

            String details = h.commit(Harness.scaled("web", 10, 2, "\"Policy\":{\"MaxSurge\":1,\"MaxUnavailable\":0}"));
            assertThat(details).isEqualTo("Performing a rolling update on 10 instances");
            String newHash = hashOf(h, "web");
            for (int i = 0; i < 400; i++) {
                h.tick(1);
                long healthy = h.instances.visible().stream()
                        .filter(s -> !s.created().plus(Duration.ofSeconds(5)).isAfter(h.clock.instant())).count();
                assertThat(h.instances.count()).as("members at t+%ds", i).isLessThanOrEqualTo(11);
                assertThat(healthy).as("healthy members at t+%ds", i).isGreaterThanOrEqualTo(10);
            }
            assertThat(h.instances.peak).isLessThanOrEqualTo(11);
            assertThat(h.instances.all()).hasSize(10)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, newHash));
            assertThat(h.instances.destroyReasons).hasSize(10).containsOnly("rolling_update");
            assertThat(h.flavor.drains.get()).isEqualTo(10);
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
            assertThat(h.events(EventType.UPDATE_COMPLETED)).hasSize(1);
        }
    }

    @Test
    void rollingUpdateWithMaxUnavailableRespectsTheCap() {
        try (Harness h = new Harness()) {
            String policy = "\"Policy\":{\"MaxSurge\":0,\"MaxUnavailable\":2,\"MaxInstances\":6}";
            h.commit(Harness.scaled("web", 6, 1, policy));
            h.tick(5);
            h.instances.peak = 0;
            h.commit(Harness.scaled("web", 6, 2, policy));
            for (int i = 0; i < 60; i++) {
                h.tick(1);
                assertThat(h.instances.count()).isBetween(4, 6);
            }
            assertThat(h.instances.peak).isLessThanOrEqualTo(6);
            assertThat(h.instances.all()).hasSize(6)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, hashOf(h, "web")));
        }
    }

    @Test
    void everyNewMemberUnhealthyStopsRemediationAtMaxUnhealthy() {
        try (Harness h = new Harness()) {
            h.flavor.health = d -> Health.UNHEALTHY;
            // Members show up one per 30 s, so replacements start before most are visible.
            h.instances.visibleAfterByOrdinal = i -> Duration.ofSeconds(30L * i);
            h.commit(Harness.scaled("web", 10, 1, ""));
            h.tick(1800); // 30 minutes
            int afterHalfHour = h.instances.provisions.get();
            h.tick(1800); // and 30 more: nothing new may be provisioned
            assertThat(h.instances.provisions.get()).isEqualTo(afterHalfHour);
            // Size 10, MaxUnhealthy 40%: at most 4 replacements happen before remediation stops.
            assertThat(afterHalfHour).isBetween(10, 14);
            GroupStatus st = h.plugin.describeGroup("web").status();
            assertThat(st.remediationStopped()).contains("unhealthy").contains("MaxUnhealthy 40%");
            assertThat(st.converged()).isFalse();
            assertThat(h.events(EventType.REMEDIATION_STOPPED)).isNotEmpty();
            assertThat(h.events(EventType.LOST)).isEmpty();
            assertThat(h.events(EventType.PROVISION_TIMED_OUT)).isEmpty();
            // All ten are unhealthy: committing the same spec again changes nothing.
            assertThat(h.commit(Harness.scaled("web", 10, 1, ""))).isEqualTo("Noop");
        }
    }

    @Test
    void replacementsThatNeverTurnHealthyTripTheBreaker() {
        try (Harness h = new Harness()) {
            String policy = "\"Policy\":{\"UnhealthyGrace\":\"30s\"}";
            h.commit(Harness.scaled("web", 10, 1, policy));
            h.tick(3);
            // From now on every new member is broken (a bad image), and one old member dies.
            java.util.Set<String> good = new java.util.HashSet<>(h.instances.all().stream().map(FakeInstancePlugin.Stored::id).toList());
            h.flavor.health = d -> good.contains(d.id()) ? Health.HEALTHY : Health.UNHEALTHY;
            String victim = good.iterator().next();
            h.instances.lose(victim);
            good.remove(victim);
            h.tick(1800);
            // One replacement, then at most 4 more (MaxUnhealthy 40% of 10) before the breaker trips.
            assertThat(h.instances.provisions.get() - 10).isBetween(1, 5);
            GroupStatus st = h.plugin.describeGroup("web").status();
            assertThat(st.remediationStopped()).contains("replaced in a row").contains("never turned healthy");
            int before = h.instances.provisions.get();
            h.tick(600);
            assertThat(h.instances.provisions.get()).isEqualTo(before);
            // Committing again is the operator's "try again": replacements resume.
            assertThat(h.commit(Harness.scaled("web", 10, 1, policy))).isEqualTo("Resuming the replacement of unhealthy members");
            h.tick(60);
            assertThat(h.instances.provisions.get()).isGreaterThan(before);
        }
    }

    @Test
    void badConfigPausesTheUpdateInsteadOfBurningInstances() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 10, 1, ""));
            h.tick(3);
            String oldHash = hashOf(h, "web");
            h.flavor.health = d -> oldHash.equals(d.tag(Tags.CONFIG_HASH)) ? Health.HEALTHY : Health.UNHEALTHY;
            int before = h.instances.provisions.get();
            h.commit(Harness.scaled("web", 10, 2, ""));
            h.tick(3600); // an hour
            assertThat(h.instances.provisions.get() - before).isEqualTo(1); // MaxSurge 1, never recreated
            assertThat(h.instances.destroys.get()).isZero();
            GroupStatus st = h.plugin.describeGroup("web").status();
            assertThat(st.updatePaused()).contains("is unhealthy");
            assertThat(st.healthy()).isEqualTo(10);
            assertThat(h.events(EventType.UPDATE_PAUSED)).hasSize(1);

            // Committing a good config replaces the paused update.
            h.flavor.health = d -> Health.HEALTHY;
            h.commit(Harness.scaled("web", 10, 3, ""));
            h.tick(120);
            assertThat(h.instances.all()).hasSize(10)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, hashOf(h, "web")));
            assertThat(h.plugin.describeGroup("web").status().updatePaused()).isNull();
        }
    }

    @Test
    void newMembersNeverHealthyPauseAfterHealthyTimeout() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 4, 1, "\"Policy\":{\"HealthyTimeout\":\"1m\"}"));
            h.tick(3);
            String oldHash = hashOf(h, "web");
            h.flavor.health = d -> oldHash.equals(d.tag(Tags.CONFIG_HASH)) ? Health.HEALTHY : Health.UNKNOWN;
            h.commit(Harness.scaled("web", 4, 2, "\"Policy\":{\"HealthyTimeout\":\"1m\"}"));
            h.tick(59);
            assertThat(h.plugin.describeGroup("web").status().updatePaused()).isNull();
            h.tick(5);
            assertThat(h.plugin.describeGroup("web").status().updatePaused())
                    .contains("not healthy 1m0s after it was created").contains("HealthyTimeout");
        }
    }

    @Test
    void unhealthyMemberIsReplacedAfterTheGracePeriodOnly() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 5, 1, "\"Policy\":{\"UnhealthyGrace\":\"30s\"}"));
            h.tick(3);
            String sick = h.instances.all().get(2).id();
            h.flavor.health = d -> d.id().equals(sick) ? Health.UNHEALTHY : Health.HEALTHY;
            h.tick(25);
            assertThat(h.instances.destroys.get()).isZero();
            h.tick(10);
            assertThat(h.instances.destroys.get()).isEqualTo(1);
            assertThat(h.instances.destroyReasons).containsExactly("terminate");
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(5);
            assertThat(h.instances.all()).noneMatch(s -> s.id().equals(sick));
        }
    }

    @Test
    void adoptsMembersInfraKitCreatedWithoutRollout() {
        try (Harness h = new Harness()) {
            // InfraKit's tutorial group, tagged the way InfraKit's controller tagged its members.
            Map<String, String> tags = Map.of(Tags.GROUP, "workers", Tags.CONFIG_HASH, "6e7zxf3iit6jzxufe2vrjyz6yszyr4yh",
                    "custom.tag1", "tutorial");
            for (int i = 0; i < 5; i++) {
                h.instances.add(tags, null);
            }
            FakeLookup lookup = new FakeLookup().with("simulator/compute", h.instances).with("vanilla", h.flavor);
            try (GroupControllerPlugin plugin = new GroupControllerPlugin(lookup, h.events, h.clock,
                    new GroupControllerPlugin.Options(Duration.ofSeconds(1), 8, false), Runnable::run)) {
                String details = plugin.commitGroup(Harness.spec("""
                        {"ID":"workers","Properties":{"Allocation":{"Size":5},
                         "Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value1"}},
                         "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{"custom.tag1":"tutorial"}}}}}
                        """), false);
                assertThat(details).isEqualTo("Managing 5 instances");
                assertThat(plugin.controller("workers").config().configHash()).isEqualTo("6e7zxf3iit6jzxufe2vrjyz6yszyr4yh");
                for (int i = 0; i < 60; i++) {
                    h.clock.advance(Duration.ofSeconds(1));
                    plugin.reconcileAll();
                }
                assertThat(h.instances.provisions.get()).isZero();
                assertThat(h.instances.destroys.get()).isZero();
                assertThat(plugin.describeGroup("workers").converged()).isTrue();
            }
        }
    }

    @Test
    void steadyStateOverAThousandMembersNeverAsksForProperties() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("big", 1000, 1, ""));
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(1000);
            assertThat(h.plugin.controller("big").lastPlan().converged()).isTrue();
            int provisions = h.instances.provisions.get();
            int checksBefore = h.flavor.healthChecks.get();
            int describesBefore = h.instances.describesWithoutProperties.get();
            h.tick(60); // one minute, polling every second
            assertThat(h.instances.describesWithProperties.get()).isZero();
            assertThat(h.instances.describesWithoutProperties.get() - describesBefore).isEqualTo(60);
            assertThat(h.instances.provisions.get()).isEqualTo(provisions);
            assertThat(h.instances.destroys.get()).isZero();
            // Health is asked at most once per member per poll.
            assertThat(h.flavor.healthChecks.get() - checksBefore).isLessThanOrEqualTo(60 * 1000);
        }
    }

    @Test
    void sizeOnlyChangeNeverRolls() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 5, 1, ""));
            h.tick(3);
            assertThat(h.commit(Harness.scaled("web", 8, 1, ""))).isEqualTo("Adding 3 instances to increase the group size to 8");
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(8);
            assertThat(h.instances.destroys.get()).isZero();
            assertThat(h.commit(Harness.scaled("web", 3, 1, "")))
                    .isEqualTo("Terminating 5 instances to reduce the group size to 3");
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(3);
            assertThat(h.instances.destroyReasons).hasSize(5).containsOnly("terminate");
            h.plugin.setSize("web", 4);
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(4);
            assertThat(h.instances.provisions.get()).isEqualTo(9);
            assertThat(h.events(EventType.UPDATE_STARTED)).isEmpty();
        }
    }

    @Test
    void quorumSizeOnlyChangeNeverRolls() {
        try (Harness h = new Harness()) {
            h.commit(Harness.quorum("db", List.of("db-1", "db-2", "db-3"), 1, ""));
            h.tick(3);
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::logicalId)
                    .containsExactlyInAnyOrder("db-1", "db-2", "db-3");
            assertThat(h.commit(Harness.quorum("db", List.of("db-1", "db-2", "db-3", "db-4"), 1, "")))
                    .isEqualTo("Adding 1 instances to increase the group size to 4");
            h.tick(3);
            assertThat(h.instances.provisions.get()).isEqualTo(4);
            assertThat(h.instances.destroys.get()).isZero();
            InstanceSpec last = h.instances.provisioned.get(3);
            assertThat(last.logicalId()).isEqualTo("db-4");
            assertThat(last.tags()).containsEntry(Tags.LOGICAL_ID, "db-4");
            assertThat(h.events(EventType.UPDATE_STARTED)).isEmpty();
        }
    }

    @Test
    void quorumConfigChangeRollsOneLogicalIdAtATime() {
        try (Harness h = new Harness()) {
            List<String> ids = List.of("db-1", "db-2", "db-3");
            h.commit(Harness.quorum("db", ids, 1, ""));
            h.tick(3);
            assertThat(h.commit(Harness.quorum("db", ids, 2, ""))).isEqualTo("Performing a rolling update on 3 instances");
            String newHash = hashOf(h, "db");
            for (int i = 0; i < 60; i++) {
                h.tick(1);
                assertThat(h.instances.count()).isBetween(2, 3); // MaxUnavailable 1, no surge for pets
            }
            assertThat(h.instances.all()).hasSize(3)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, newHash))
                    .extracting(FakeInstancePlugin.Stored::logicalId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(h.instances.destroyReasons).hasSize(3).containsOnly("rolling_update");
            assertThat(h.instances.provisioned.subList(3, 6)).extracting(InstanceSpec::logicalId)
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void quorumReadsTheLegacyLogicalIdTag() {
        try (Harness h = new Harness()) {
            String hash = new io.infrakit.core.spec.GroupSpecValidator().validate(Harness.quorum("db", List.of("a", "b"), 1, "")).configHash();
            h.instances.add(Map.of(Tags.GROUP, "db", Tags.CONFIG_HASH, hash, Tags.LOGICAL_ID_LEGACY, "a"), null);
            h.instances.add(Map.of(Tags.GROUP, "db", Tags.CONFIG_HASH, hash, Tags.LOGICAL_ID, "b"), null);
            h.commit(Harness.quorum("db", List.of("a", "b"), 1, ""));
            h.tick(5);
            assertThat(h.instances.provisions.get()).isZero();
            assertThat(h.instances.destroys.get()).isZero();
        }
    }

    @Test
    void configChangeAlwaysRolls() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, ""));
            h.tick(3);
            // Flavor section change only.
            h.commit(Harness.spec("""
                    {"ID":"web","Properties":{"Allocation":{"Size":3},
                     "Instance":{"Plugin":"sim/compute","Properties":{"cpu":1}},
                     "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo bye"],"Tags":{"role":"web"}}}}}"""));
            h.tick(30);
            assertThat(h.instances.all()).hasSize(3)
                    .allSatisfy(s -> assertThat(s.init()).isEqualTo("echo bye"));
            assertThat(h.instances.destroyReasons).hasSize(3).containsOnly("rolling_update");
        }
    }

    @Test
    void sameSpecTwiceIsANoop() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, ""));
            h.tick(3);
            int provisions = h.instances.provisions.get();
            long events = h.events.history().size();
            assertThat(h.commit(Harness.scaled("web", 3, 1, ""))).isEqualTo("Noop");
            h.tick(3);
            assertThat(h.instances.provisions.get()).isEqualTo(provisions);
            assertThat(h.instances.destroys.get()).isZero();
            assertThat(h.events.history().subList((int) events, h.events.history().size()))
                    .extracting(e -> e.type()).containsOnly(EventType.COMMITTED);
        }
    }

    @Test
    void pretendChangesNothing() {
        try (Harness h = new Harness()) {
            assertThat(h.plugin.commitGroup(Harness.scaled("web", 3, 1, ""), true)).isEqualTo("Managing 3 instances");
            assertThat(h.plugin.inspectGroups()).isEmpty();
            h.commit(Harness.scaled("web", 3, 1, ""));
            h.tick(3);
            String hash = hashOf(h, "web");
            assertThat(h.plugin.commitGroup(Harness.scaled("web", 5, 2, ""), true))
                    .isEqualTo("Performing a rolling update on 3 instances, then adding 2 instances to increase the group size to 5");
            h.tick(10);
            assertThat(hashOf(h, "web")).isEqualTo(hash);
            assertThat(h.plugin.size("web")).isEqualTo(3);
            assertThat(h.instances.provisions.get()).isEqualTo(3);
            assertThat(h.instances.destroys.get()).isZero();
        }
    }

    @Test
    void detailsFollowInfraKitsTranscript() {
        try (Harness h = new Harness()) {
            // The transcript's "cap" group: commit 3, SetSize 2, then commit 3 with cpu 2.
            assertThat(h.commit(Harness.scaled("cap", 3, 1, ""))).isEqualTo("Managing 3 instances");
            h.tick(3);
            h.plugin.setSize("cap", 2);
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(2);
            assertThat(h.plugin.describeGroup("cap").converged()).isTrue();
            assertThat(h.commit(Harness.scaled("cap", 3, 2, "")))
                    .isEqualTo("Performing a rolling update on 2 instances, then adding 1 instances to increase the group size to 3");
            assertThat(h.plugin.describeGroup("cap").converged()).isFalse();
            h.tick(30);
            assertThat(h.instances.count()).isEqualTo(3);
            assertThat(h.commit(Harness.scaled("cap", 1, 3, "")))
                    .isEqualTo("Terminating 2 instances to reduce the group size to 1, then performing a rolling update on 3 instances");
        }
    }

    @Test
    void provisionFailuresBackOffExponentially() {
        try (Harness h = new Harness()) {
            h.instances.failProvision = s -> true;
            h.commit(Harness.scaled("web", 1, 1, ""));
            h.tick(600); // ten minutes
            // 1 + 2 + 4 + ... then every 5 minutes: about 10 attempts, not 600.
            assertThat(h.instances.provisions.get()).isBetween(8, 12);
            GroupStatus st = h.plugin.describeGroup("web").status();
            assertThat(st.provisionFailures()).isEqualTo(h.instances.provisions.get());
            assertThat(st.lastError()).contains("quota exceeded");
            assertThat(h.events(EventType.PROVISION_FAILED)).hasSize(h.instances.provisions.get());

            h.instances.failProvision = s -> false;
            h.tick(301);
            assertThat(h.instances.count()).isEqualTo(1);
            assertThat(h.plugin.describeGroup("web").status().provisionFailures()).isZero();
        }
    }

    @Test
    void aWholeBatchFailingBacksOffOneSecondFirstWhateverTheGroupSize() {
        try (Harness h = new Harness()) {
            h.instances.failProvision = s -> true;
            h.commit(Harness.scaled("web", 32, 1, ""));
            Instant start = h.clock.instant();
            List<Long> attempts = new ArrayList<>();
            int calls = 0;
            for (int t = 1; t <= 600; t++) {
                h.tick(1);
                if (h.instances.provisions.get() > calls) {
                    assertThat(h.instances.provisions.get() - calls).as("one attempt is the whole batch").isEqualTo(32);
                    calls = h.instances.provisions.get();
                    attempts.add(Duration.between(start, h.clock.instant()).toSeconds());
                }
                if (t == 1) {
                    // 32 failures in one attempt wait 1 s, not 2^31 s capped at 5 minutes.
                    GroupStatus st = h.plugin.describeGroup("web").status();
                    assertThat(st.provisionFailures()).isEqualTo(32);
                    assertThat(Instant.parse(st.backoffUntil())).isEqualTo(h.clock.instant().plusSeconds(1));
                }
            }
            // 1 s, 2 s, 4 s, ... 256 s, then capped at 5 minutes (the next attempt would be at 812 s).
            assertThat(attempts).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L);
            // The first window (1 s) ends before the next tick: the first reconcile inside a window comes
            // after the second attempt.
            assertThat(h.events(EventType.PROVISION_BACKOFF)).first().satisfies(e -> assertThat(e.message())
                    .isEqualTo("after 64 failed provisions in 2 attempts, next attempt at " + start.plusSeconds(4)));

            // A success resets the exponent: the next failure waits 1 s again.
            h.instances.failProvision = s -> false;
            h.tick(300);
            assertThat(h.instances.count()).isEqualTo(32);
            assertThat(h.plugin.describeGroup("web").status().backoffUntil()).isNull();
            h.instances.failProvision = s -> true;
            h.instances.lose(h.instances.all().get(0).id());
            h.tick(1);
            GroupStatus st = h.plugin.describeGroup("web").status();
            assertThat(st.provisionFailures()).isEqualTo(1);
            assertThat(Instant.parse(st.backoffUntil())).isEqualTo(h.clock.instant().plusSeconds(1));
        }
    }

    @Test
    void provisionThatNeverAppearsIsWrittenOffAfterTheTimeout() {
        try (Harness h = new Harness()) {
            h.instances.visibleAfter = Duration.ofHours(1);
            h.commit(Harness.scaled("web", 1, 1, "\"Policy\":{\"ProvisionTimeout\":\"2m\"}"));
            h.tick(119);
            assertThat(h.instances.provisions.get()).isEqualTo(1);
            h.tick(2);
            assertThat(h.events(EventType.PROVISION_TIMED_OUT)).hasSize(1);
            h.tick(3);
            assertThat(h.instances.provisions.get()).isEqualTo(2);
        }
    }

    @Test
    void skipDrainIsHonoured() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, "\"Updating\":{\"SkipBeforeInstanceDestroy\":\"drain\"}"));
            h.tick(3);
            h.commit(Harness.scaled("web", 1, 1, "\"Updating\":{\"SkipBeforeInstanceDestroy\":\"drain\"}"));
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(1);
            assertThat(h.flavor.drains.get()).isZero();
        }
    }

    @Test
    void prepareGetsTheIdentityTagsAndAnIndex() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("cap", 2, 1, ""));
            h.tick(2);
            String hash = hashOf(h, "cap");
            assertThat(h.flavor.prepared).hasSize(2).allSatisfy(s -> {
                assertThat(s.tags()).containsExactlyInAnyOrderEntriesOf(Map.of(Tags.GROUP, "cap", Tags.CONFIG_HASH, hash));
                assertThat(s.init()).isEmpty();
                assertThat(s.logicalId()).isNull();
            });
            assertThat(h.flavor.indexes).extracting(i -> i.group()).containsOnly("cap");
            assertThat(h.flavor.indexes).extracting(i -> i.sequence()).doesNotHaveDuplicates();
            assertThat(h.instances.provisioned).allSatisfy(s -> {
                assertThat(s.tags()).containsEntry("role", "web").containsEntry(Tags.GROUP, "cap");
                assertThat(s.init()).isEqualTo("echo hello");
            });
        }
    }

    @Test
    void neverTouchesInstancesWithoutTheGroupTag() {
        try (Harness h = new Harness()) {
            String stranger = h.instances.add(Map.of("owner", "someone-else"), null);
            String neighbour = h.instances.add(Map.of(Tags.GROUP, "other"), null);
            h.commit(Harness.scaled("web", 0, 1, ""));
            h.tick(5);
            h.plugin.destroyGroup("web");
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).contains(stranger, neighbour);
            assertThat(h.instances.destroys.get()).isZero();
        }
    }

    @Test
    void updatingDurationHoldsTheNextBatchUntilNewMembersWereHealthyThatLong() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, "\"Updating\":{\"Duration\":\"30s\"}"));
            h.tick(3);
            h.commit(Harness.scaled("web", 3, 2, "\"Updating\":{\"Duration\":\"30s\"}"));
            h.tick(25);
            assertThat(h.instances.destroys.get()).isZero(); // the new member is healthy, but not for 30 s yet
            h.tick(10);
            assertThat(h.instances.destroys.get()).isEqualTo(1);
            h.tick(200);
            assertThat(h.instances.all()).hasSize(3)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, hashOf(h, "web")));
        }
    }

    @Test
    void updatingCountHoldsTheNextBatchForThatManyHealthyPolls() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, "\"Updating\":{\"Count\":5}"));
            h.tick(3);
            h.commit(Harness.scaled("web", 2, 2, "\"Updating\":{\"Count\":5}"));
            h.tick(4); // provisioned, then healthy for 3 polls
            assertThat(h.instances.destroys.get()).isZero();
            h.tick(3);
            assertThat(h.instances.destroys.get()).isEqualTo(1);
        }
    }

    @Test
    void unhealthyPetIsReplacedUnderTheSameLogicalId() {
        try (Harness h = new Harness()) {
            h.commit(Harness.quorum("db", List.of("db-1", "db-2", "db-3"), 1, "\"Policy\":{\"UnhealthyGrace\":\"10s\"}"));
            h.tick(3);
            String sick = h.instances.all().stream().filter(s -> "db-2".equals(s.logicalId())).findFirst().orElseThrow().id();
            h.flavor.health = d -> d.id().equals(sick) ? Health.UNHEALTHY : Health.HEALTHY;
            h.tick(15);
            assertThat(h.instances.all()).hasSize(3).noneMatch(s -> s.id().equals(sick))
                    .extracting(FakeInstancePlugin.Stored::logicalId).containsExactlyInAnyOrder("db-1", "db-2", "db-3");
            assertThat(h.instances.provisioned.get(3).logicalId()).isEqualTo("db-2");
        }
    }

    @Test
    void oldMembersThatAreUnhealthyDoNotStallAnUpdate() {
        try (Harness h = new Harness()) {
            // Five old members, three of them broken: more than MaxUnhealthy, so no remediation.
            h.commit(Harness.scaled("web", 5, 1, ""));
            h.tick(3);
            List<String> broken = h.instances.all().stream().limit(3).map(FakeInstancePlugin.Stored::id).toList();
            h.flavor.health = d -> broken.contains(d.id()) ? Health.UNHEALTHY : Health.HEALTHY;
            h.tick(3);
            assertThat(h.plugin.describeGroup("web").status().remediationStopped()).isNotNull();
            h.commit(Harness.scaled("web", 5, 2, ""));
            for (int i = 0; i < 120; i++) {
                h.tick(1);
                assertThat(h.instances.count()).isLessThanOrEqualTo(6);
            }
            assertThat(h.instances.all()).hasSize(5)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, hashOf(h, "web")));
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
        }
    }

    @Test
    void unhealthyOldPetsDoNotStallAQuorumUpdate() {
        try (Harness h = new Harness()) {
            List<String> ids = List.of("db-1", "db-2", "db-3");
            h.commit(Harness.quorum("db", ids, 1, "\"Policy\":{\"MaxUnhealthy\":\"0\"}"));
            h.tick(3);
            String broken = h.instances.all().get(0).id();
            h.flavor.health = d -> d.id().equals(broken) ? Health.UNHEALTHY : Health.HEALTHY;
            h.tick(3);
            h.commit(Harness.quorum("db", ids, 2, "\"Policy\":{\"MaxUnhealthy\":\"0\"}"));
            h.tick(60);
            assertThat(h.instances.all()).hasSize(3)
                    .allSatisfy(s -> assertThat(s.tags()).containsEntry(Tags.CONFIG_HASH, hashOf(h, "db")))
                    .extracting(FakeInstancePlugin.Stored::logicalId).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void statusTimesAreRfc3339() {
        try (Harness h = new Harness()) {
            h.instances.failProvision = s -> true;
            h.commit(Harness.scaled("web", 1, 1, ""));
            h.tick(2);
            String until = h.plugin.describeGroup("web").status().backoffUntil();
            assertThat(Instant.parse(until)).isAfter(h.clock.instant());
        }
    }
}
