package io.infrakit.core.group.plan;

import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, item 8: a plan never holds more than one batch of actions, whatever the size, so {@code Size:
 * 1000000000} plans one batch instead of a list of a billion provisions (which ended in OutOfMemoryError).
 */
class PlannerBatchTest {

    static final Instant NOW = PlannerPropertiesTest.NOW;
    static final int BILLION = 1_000_000_000;

    static Member member(String id, String hash) {
        return new Member(id, null, Map.of(Tags.GROUP, PlannerPropertiesTest.ID, Tags.CONFIG_HASH, hash),
                Health.HEALTHY, NOW.minusSeconds(600), 5, NOW.minusSeconds(600));
    }

    static List<Member> members(int n, String hash) {
        return IntStream.range(0, n).mapToObj(i -> member("m" + i, hash)).toList();
    }

    @Test
    void aBillionFromNothingPlansOneBatch() {
        GroupConfig spec = PlannerPropertiesTest.config(BILLION, null, GroupPolicy.defaults(false));
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        Plan plan = Planner.plan(spec, List.of(), ControllerState.EMPTY, spec.policy(), NOW);
        long grown = rt.totalMemory() - rt.freeMemory() - before;

        assertThat(plan.actions()).hasSize(Planner.DEFAULT_BATCH).allMatch(a -> a instanceof Action.Provision);
        assertThat(plan.batchLimited()).isTrue();
        assertThat(plan.converged()).isFalse();
        assertThat(plan.desired()).isEqualTo(BILLION);
        assertThat(Planner.DEFAULT_BATCH).isEqualTo(1024);
        assertThat(plan.message()).contains("now: 1024 to provision, 0 to destroy",
                "in batches of 1024 (group.batch): the rest follows as calls return");
        // A list of a billion actions is gigabytes; one batch is a few kilobytes. Heap readings are noisy (a GC
        // may run in between), so the bound is generous and only fails when something grew with the size.
        assertThat(grown).as("heap grown while planning").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void theBatchIsWhatTheControllerRunsAtOnce() {
        GroupConfig spec = PlannerPropertiesTest.config(BILLION, null, GroupPolicy.defaults(false));
        for (int batch : new int[]{1, 5, 32, 500}) {
            Plan plan = Planner.plan(spec, List.of(), ControllerState.EMPTY, spec.policy(), NOW, batch);
            assertThat(plan.provisions()).as("batch %d", batch).isEqualTo(batch);
        }
        assertThatThrownBy(() -> Planner.plan(spec, List.of(), ControllerState.EMPTY, spec.policy(), NOW, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch must be at least 1; got 0");
    }

    @Test
    void callsStillRunningTakeTheirPlaceInTheBatch() {
        GroupConfig spec = PlannerPropertiesTest.config(BILLION, null, GroupPolicy.defaults(false));
        int batch = 32;
        List<PendingProvision> running = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            running.add(new PendingProvision(i, null, null, PlannerPropertiesTest.NEW, NOW.minusSeconds(1)));
        }
        // Returned but not listed yet: in flight for the size, but no longer holding a call.
        for (int i = 30; i < 40; i++) {
            running.add(new PendingProvision(i, "i-" + i, null, PlannerPropertiesTest.NEW, NOW.minusSeconds(1)));
        }
        ControllerState state = new ControllerState(running, Map.of(), 0, 0, null, null, 0);
        Plan plan = Planner.plan(spec, List.of(), state, spec.policy(), NOW, batch);
        assertThat(plan.provisions()).isEqualTo(2);
        assertThat(plan.provisioning()).isEqualTo(40);

        // A full batch of running calls: nothing more now, and no claim of convergence.
        List<PendingProvision> full = new ArrayList<>(running.subList(0, 30));
        full.add(new PendingProvision(98, null, null, PlannerPropertiesTest.NEW, NOW));
        Map<String, PendingDestroy> destroying = Map.of("m0", new PendingDestroy("m0", NOW, null));
        Plan none = Planner.plan(spec, members(1, PlannerPropertiesTest.NEW),
                new ControllerState(full, destroying, 0, 0, null, null, 0), spec.policy(), NOW, batch);
        assertThat(none.actions()).isEmpty();
        assertThat(none.converged()).isFalse();
    }

    @Test
    void scaleDownDestroysOneBatchAtATime() {
        GroupConfig spec = PlannerPropertiesTest.config(0, null, GroupPolicy.defaults(false));
        Plan plan = Planner.plan(spec, members(1_000, PlannerPropertiesTest.NEW), ControllerState.EMPTY, spec.policy(), NOW, 10);
        assertThat(plan.destroys()).isEqualTo(10);
        assertThat(plan.actions()).hasSize(10);
        assertThat(plan.batchLimited()).isTrue();
    }

    @Test
    void remediationReplacesOneBatchOfUnhealthyMembersAtATime() {
        GroupConfig spec = PlannerPropertiesTest.config(1_000, null, GroupPolicy.defaults(false));
        List<Member> world = new ArrayList<>(members(900, PlannerPropertiesTest.NEW));
        for (int i = 0; i < 100; i++) {
            world.add(new Member("sick" + i, null, Map.of(Tags.GROUP, PlannerPropertiesTest.ID, Tags.CONFIG_HASH,
                    PlannerPropertiesTest.NEW), Health.UNHEALTHY, NOW.minusSeconds(600), 0, NOW.minusSeconds(900)));
        }
        Plan plan = Planner.plan(spec, world, ControllerState.EMPTY, spec.policy(), NOW, 10);
        assertThat(plan.actions()).hasSize(10).allMatch(a -> a instanceof Action.Destroy d && d.cause() == Action.Cause.UNHEALTHY);
        assertThat(plan.batchLimited()).isTrue();
    }

    @Test
    void aRollingUpdateOfManyStaysWithinTheBatch() {
        GroupPolicy wide = new GroupPolicy(500, 500, Duration.ofMinutes(10), Duration.ofMinutes(2),
                GroupPolicy.DEFAULT_MAX_UNHEALTHY, 0, null, Duration.ofMinutes(10), 0, Duration.ZERO, true);
        GroupConfig spec = PlannerPropertiesTest.config(1_000, null, wide);
        Plan plan = Planner.plan(spec, members(1_000, PlannerPropertiesTest.OLD), ControllerState.EMPTY, wide, NOW, 32);
        assertThat(plan.actions()).hasSize(32);
        assertThat(plan.outdated()).isEqualTo(1_000);
    }

    @Test
    void aQuorumOfManyLogicalIdsProvisionsOneBatch() {
        List<String> ids = IntStream.range(0, 100_000).mapToObj(i -> "pet-" + i).toList();
        GroupConfig spec = PlannerPropertiesTest.config(0, ids, GroupPolicy.defaults(true));
        Plan plan = Planner.plan(spec, List.of(), ControllerState.EMPTY, spec.policy(), NOW, 32);
        assertThat(plan.actions()).hasSize(32)
                .extracting(a -> ((Action.Provision) a).logicalId()).containsExactlyElementsOf(ids.subList(0, 32));
    }

    @Test
    void aLargeGroupConvergesBatchByBatchNeverAboveTheSize() {
        int size = 1_000;
        int batch = 32;
        GroupConfig spec = PlannerPropertiesTest.config(size, null, GroupPolicy.defaults(false));
        List<Member> world = new ArrayList<>();
        Instant now = NOW;
        int rounds = 0;
        Plan plan;
        do {
            plan = Planner.plan(spec, world, ControllerState.EMPTY, spec.policy(), now, batch);
            assertThat(plan.actions().size()).isLessThanOrEqualTo(batch);
            for (Action a : plan.actions()) {
                assertThat(a).isInstanceOf(Action.Provision.class);
                Map<String, String> tags = new HashMap<>(Map.of(Tags.GROUP, PlannerPropertiesTest.ID,
                        Tags.CONFIG_HASH, PlannerPropertiesTest.NEW));
                world.add(new Member("n" + world.size(), null, tags, Health.HEALTHY, now, 1, now));
            }
            assertThat(world.size()).isLessThanOrEqualTo(size);
            now = now.plusSeconds(1);
            rounds++;
        } while (!plan.converged() && rounds < 100);
        assertThat(plan.converged()).isTrue();
        assertThat(world).hasSize(size);
        assertThat(rounds).isEqualTo((size + batch - 1) / batch + 1); // 32 batches, then the pass that sees all
    }
}
