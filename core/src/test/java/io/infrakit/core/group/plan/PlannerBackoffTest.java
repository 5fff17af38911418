package io.infrakit.core.group.plan;

import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The backoff window counts failed attempts, not failed provisions: docs/group.md's 1 s, 2 s, 4 s ... 5 min. */
class PlannerBackoffTest {

    static final Instant NOW = PlannerPropertiesTest.NOW;
    static final GroupConfig SPEC = PlannerPropertiesTest.config(32, null, GroupPolicy.defaults(false));

    static ControllerState failed(int provisions, int attempts) {
        return new ControllerState(List.of(), Map.of(), provisions, attempts, NOW, null, 0);
    }

    static List<Member> half() {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            members.add(new Member("m" + i, null, Map.of(Tags.GROUP, PlannerPropertiesTest.ID, Tags.CONFIG_HASH,
                    PlannerPropertiesTest.NEW), Health.HEALTHY, NOW.minusSeconds(60), 3, NOW.minusSeconds(60)));
        }
        return members;
    }

    @Test
    void thirtyTwoProvisionsFailedInOneAttemptWaitOneSecond() {
        Plan during = Planner.plan(SPEC, half(), failed(32, 1), SPEC.policy(), NOW.plusMillis(999));
        assertThat(during.backoffUntil()).isEqualTo(NOW.plusSeconds(1));
        assertThat(during.provisions()).isZero();
        assertThat(during.converged()).isFalse();
        assertThat(during.message()).contains("provisioning backed off after 32 failures in 1 attempt until");

        Plan after = Planner.plan(SPEC, half(), failed(32, 1), SPEC.policy(), NOW.plusSeconds(1));
        assertThat(after.backoffUntil()).isNull();
        assertThat(after.provisions()).isEqualTo(16);
    }

    @Test
    void theWaitDoublesPerFailedAttemptUpToFiveMinutes() {
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (int attempts = 1; attempts <= expected.length; attempts++) {
            Plan p = Planner.plan(SPEC, half(), failed(32 * attempts, attempts), SPEC.policy(), NOW);
            assertThat(Duration.between(NOW, p.backoffUntil()).toSeconds()).as("after %d failed attempts", attempts)
                    .isEqualTo(expected[attempts - 1]);
        }
    }

    @Test
    void noFailedAttemptNoBackoff() {
        Plan p = Planner.plan(SPEC, half(), failed(3, 0), SPEC.policy(), NOW);
        assertThat(p.backoffUntil()).isNull();
        assertThat(p.provisions()).isEqualTo(16);
    }
}
