package io.infrakit.core.group;

import io.infrakit.core.group.plan.Action;
import io.infrakit.core.group.plan.ControllerState;
import io.infrakit.core.group.plan.Member;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger on its own: every time is given, no plugin, no clock. */
class InFlightTest {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    static final Duration POLL = Duration.ofSeconds(10);

    final InFlight ledger = new InFlight();

    static InstanceDescription member(String id) {
        return new InstanceDescription(id, null, Map.of(Tags.GROUP, "g", Tags.CONFIG_HASH, "h"), null);
    }

    InFlight.Observation observe(Instant at, String... ids) {
        List<InstanceDescription> found = new ArrayList<>();
        for (String id : ids) {
            found.add(member(id));
        }
        return ledger.observe(found, at, at, TIMEOUT, POLL);
    }

    @Test
    void aMemberGoneWithoutADestroyIsLostOnce() {
        observe(T0, "a", "b");
        InFlight.Observation o = observe(T0.plusSeconds(10), "a");
        assertThat(o.lost()).containsExactly("b");
        assertThat(observe(T0.plusSeconds(20), "a").lost()).isEmpty();
        assertThat(ledger.lastSeenIds()).containsExactly("a");
    }

    @Test
    void aMemberWeAreDestroyingIsNotLost() {
        observe(T0, "a", "b");
        ledger.startDestroys(List.of(member("b")), T0.plusSeconds(1));
        assertThat(observe(T0.plusSeconds(10), "a").lost()).isEmpty();
    }

    @Test
    void aDestroyIsProvenOnlyByAnObservationStartedAfterItReturned() {
        observe(T0, "a", "b");
        InstanceDescription b = ledger.startDestroy(new Action.Destroy("b", Action.Cause.SCALE_DOWN, false, "test"),
                "g", T0.plusSeconds(1));
        assertThat(b).isNotNull();
        ledger.destroyed("b", T0.plusSeconds(5));

        // A listing begun before the destroy returned may be stale: it proves nothing.
        ledger.observe(List.of(member("a")), T0.plusSeconds(4), T0.plusSeconds(6), TIMEOUT, POLL);
        assertThat(ledger.snapshot().destroys()).containsKey("b");

        // Begun after: the destroy is done.
        ledger.observe(List.of(member("a")), T0.plusSeconds(5), T0.plusSeconds(7), TIMEOUT, POLL);
        assertThat(ledger.snapshot().destroys()).isEmpty();
    }

    @Test
    void aDestroyStillVisibleStaysInFlightAndHidesTheMemberOnceItReturned() {
        observe(T0, "a", "b");
        ledger.startDestroys(List.of(member("b")), T0.plusSeconds(1));
        assertThat(ledger.lastObserved()).extracting(InstanceDescription::id).containsExactly("a", "b");
        ledger.destroyed("b", T0.plusSeconds(2));
        assertThat(ledger.lastObserved()).extracting(InstanceDescription::id).containsExactly("a");
        observe(T0.plusSeconds(3), "a", "b"); // the plugin is slow to forget it
        assertThat(ledger.snapshot().destroys()).containsKey("b");
    }

    @Test
    void aDestroyOnlyOfMembersOfTheGroupAsLastObserved() {
        observe(T0, "a");
        assertThat(ledger.startDestroy(new Action.Destroy("z", Action.Cause.SCALE_DOWN, false, "test"), "g", T0))
                .isNull();
        assertThat(ledger.startDestroy(new Action.Destroy("a", Action.Cause.SCALE_DOWN, false, "test"), "other", T0))
                .isNull();
        assertThat(ledger.snapshot().destroys()).isEmpty();
    }

    @Test
    void aProvisionCountsUntilItsInstanceIsSeen() {
        observe(T0);
        InFlight.Started s = ledger.startProvision(ledger.beginAttempt(), null, "h", T0, false);
        assertThat(ledger.provisionCallsRunning()).isTrue();
        ledger.provisioned(s, "x");
        assertThat(ledger.provisionCallsRunning()).isFalse();
        assertThat(ledger.provisionedNotSeen()).containsExactly("x");

        observe(T0.plusSeconds(10));
        assertThat(ledger.snapshot().provisions()).hasSize(1);
        InFlight.Observation o = observe(T0.plusSeconds(20), "x");
        assertThat(o.timedOut()).isEmpty();
        assertThat(o.lost()).isEmpty();
        assertThat(ledger.snapshot().provisions()).isEmpty();
        assertThat(ledger.snapshot().provisionFailures()).isZero();
    }

    @Test
    void aProvisionNeverSeenIsWrittenOffAtTheTimeout() {
        observe(T0);
        InFlight.Started s = ledger.startProvision(ledger.beginAttempt(), null, "h", T0, false);
        ledger.provisioned(s, "x");

        assertThat(observe(T0.plus(TIMEOUT).minusSeconds(1)).timedOut()).isEmpty();
        assertThat(ledger.snapshot().provisions()).hasSize(1);

        Instant at = T0.plus(TIMEOUT);
        InFlight.Observation o = observe(at);
        assertThat(o.timedOut()).containsExactly("x");
        ControllerState st = ledger.snapshot();
        assertThat(st.provisions()).isEmpty();
        assertThat(st.provisionFailures()).isEqualTo(1);
        assertThat(st.failedAttempts()).isEqualTo(1);
        assertThat(st.backoffUntil(at)).isEqualTo(at.plusSeconds(1));
        assertThat(ledger.view().lastError()).contains("x").contains("never became visible within 10m0s");
    }

    @Test
    void provisionsFailingTogetherAreOneFailedAttempt() {
        Instant t = T0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            long a = ledger.beginAttempt();
            List<InFlight.Started> batch = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                batch.add(ledger.startProvision(a, null, "h", t, false));
            }
            for (InFlight.Started s : batch) {
                ledger.provisionFailed(s, "quota exceeded", t);
            }
            ControllerState st = ledger.snapshot();
            assertThat(st.provisionFailures()).isEqualTo(32 * attempt);
            assertThat(st.failedAttempts()).isEqualTo(attempt);
            // 1 s, 2 s, 4 s: whatever the size of the batch.
            assertThat(st.backoffUntil(t)).isEqualTo(t.plusSeconds(1L << (attempt - 1)));
            t = st.backoffUntil(t);
        }
    }

    @Test
    void aSuccessResetsTheBackoffAndItsAttemptIsNotAFailedOne() {
        long a = ledger.beginAttempt();
        InFlight.Started first = ledger.startProvision(a, null, "h", T0, false);
        InFlight.Started second = ledger.startProvision(a, null, "h", T0, false);
        ledger.provisionFailed(first, "quota exceeded", T0);
        assertThat(ledger.snapshot().failedAttempts()).isEqualTo(1);

        ledger.provisioned(second, "x");
        assertThat(ledger.snapshot().failedAttempts()).isZero();
        assertThat(ledger.snapshot().provisionFailures()).isZero();
        assertThat(ledger.snapshot().backoffUntil(T0)).isNull();

        InFlight.Started third = ledger.startProvision(a, null, "h", T0, false);
        ledger.provisionFailed(third, "quota exceeded", T0.plusSeconds(1));
        assertThat(ledger.snapshot().failedAttempts()).as("the attempt had a success").isZero();
        assertThat(ledger.snapshot().backoffUntil(T0.plusSeconds(1))).isNull();

        InFlight.Started next = ledger.startProvision(ledger.beginAttempt(), null, "h", T0.plusSeconds(2), false);
        ledger.provisionFailed(next, "quota exceeded", T0.plusSeconds(2));
        assertThat(ledger.snapshot().backoffUntil(T0.plusSeconds(2))).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void healthIsCheckedOncePerPollAndKeptAcrossObservations() {
        InFlight.Observation o = observe(T0, "a");
        assertThat(o.toCheck()).extracting(InstanceDescription::id).containsExactly("a");
        assertThat(ledger.recordHealth(Map.of("a", Health.HEALTHY), T0))
                .containsExactly(new InFlight.HealthChange("a", Health.HEALTHY));

        assertThat(observe(T0.plusSeconds(5), "a").toCheck()).isEmpty();
        InFlight.Observation later = observe(T0.plusSeconds(10), "a");
        assertThat(later.toCheck()).hasSize(1);
        assertThat(ledger.recordHealth(Map.of("a", Health.HEALTHY), T0.plusSeconds(10))).isEmpty();

        Member m = ledger.members(later.seen().values()).get(0);
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.healthSince()).isEqualTo(T0);
        assertThat(m.healthyStreak()).isEqualTo(2);
        assertThat(m.since()).isEqualTo(T0);
        assertThat(m.configHash()).isEqualTo("h");
    }
}
