package io.infrakit.core.group.plan;

import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.PluginSpec;
import io.infrakit.spi.group.Updating;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's safety rules, hammered over random specs, observations and in-flight state. */
class PlannerPropertiesTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String ID = "g";
    static final String NEW = "newhash";
    static final String OLD = "oldhash";

    /** A random group: its config and policy. */
    record Case(GroupConfig spec, List<Member> observed, ControllerState state) {
        @Override
        public String toString() {
            return "spec=" + spec.allocation() + " policy=" + spec.policy() + "\nobserved=" + observed + "\nstate=" + state;
        }
    }

    static GroupConfig config(int size, List<String> lids, GroupPolicy policy) {
        var node = JsonNodeFactory.instance.objectNode();
        GroupProperties p = new GroupProperties(new PluginSpec("sim/compute", node), new PluginSpec("vanilla", node),
                lids == null ? Allocation.ofSize(size) : Allocation.ofLogicalIds(lids), Updating.DEFAULT);
        return new GroupConfig(ID, p, policy, NEW);
    }

    @Provide
    Arbitrary<GroupConfig> specs() {
        Arbitrary<Boolean> quorum = Arbitraries.of(true, false);
        Arbitrary<Integer> size = Arbitraries.integers().between(0, 15);
        Arbitrary<Integer> lidCount = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> surge = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> unavailable = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> capExtra = Arbitraries.integers().between(-1, 3);
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> durationS = Arbitraries.of(0, 0, 20);
        return Combinators.combine(quorum, size, lidCount, surge, unavailable, capExtra, count, durationS)
                .as((q, n, k, s, u, cap, c, d) -> {
                    List<String> lids = q ? IntStream.range(0, k).mapToObj(i -> "L" + i).toList() : null;
                    int desired = q ? k : n;
                    int maxSurge = q ? 0 : s;
                    int maxUnavailable = q ? Math.max(1, u) : (s == 0 && u == 0 ? 1 : u);
                    int maxInstances = cap < 0 ? 0 : desired + cap;
                    if (maxInstances > 0 && Math.min(maxSurge, maxInstances - desired) == 0 && maxUnavailable == 0) {
                        maxUnavailable = 1;
                    }
                    GroupPolicy p = new GroupPolicy(maxSurge, maxUnavailable, Duration.ofMinutes(10),
                            Duration.ofMinutes(2), GroupPolicy.DEFAULT_MAX_UNHEALTHY, maxInstances, null,
                            Duration.ofMinutes(10), c, Duration.ofSeconds(d), true);
                    return config(desired, lids, p);
                });
    }

    Arbitrary<Member> member() {
        Arbitrary<String> group = Arbitraries.of(ID, ID, ID, ID, "other", null);
        Arbitrary<String> hash = Arbitraries.of(NEW, OLD);
        Arbitrary<Health> health = Arbitraries.of(Health.HEALTHY, Health.HEALTHY, Health.UNHEALTHY, Health.UNKNOWN);
        Arbitrary<Integer> healthAge = Arbitraries.integers().between(0, 600);
        Arbitrary<Integer> streak = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> age = Arbitraries.integers().between(0, 3600);
        Arbitrary<String> lid = Arbitraries.of("L0", "L1", "L2", "L3", "L4", "ZZ", null);
        return Combinators.combine(group, hash, health, healthAge, streak, age, lid).as((g, h, he, ha, st, a, l) -> {
            Map<String, String> tags = new HashMap<>();
            if (g != null) {
                tags.put(Tags.GROUP, g);
            }
            tags.put(Tags.CONFIG_HASH, h);
            return new Member("?", l, tags, he, NOW.minusSeconds(ha), st, NOW.minusSeconds(a));
        });
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<Member>> observed = member().list().ofMaxSize(25).map(list -> {
            List<Member> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Member m = list.get(i);
                out.add(new Member("i" + i, m.logicalId(), m.tags(), m.health(), m.healthSince(), m.healthyStreak(),
                        m.since()));
            }
            return out;
        });
        return Combinators.combine(specs(), observed).as(List::of).flatMap(pair -> {
            GroupConfig spec = (GroupConfig) pair.get(0);
            @SuppressWarnings("unchecked")
            List<Member> obs = (List<Member>) pair.get(1);
            return states(obs).map(st -> new Case(spec, obs, st));
        });
    }

    Arbitrary<ControllerState> states(List<Member> observed) {
        List<String> ids = observed.stream().map(Member::id).toList();
        Arbitrary<String> instanceId = ids.isEmpty() ? Arbitraries.of(null, "ghost")
                : Arbitraries.of(ids).injectNull(0.4);
        Arbitrary<PendingProvision> provision = Combinators.combine(instanceId, Arbitraries.of(NEW, OLD),
                Arbitraries.integers().between(0, 900), Arbitraries.of("L0", "L1", "L9", null))
                .as((iid, h, age, lid) -> new PendingProvision(0, iid, lid, h, NOW.minusSeconds(age)));
        Arbitrary<List<PendingProvision>> provisions = provision.list().ofMaxSize(5);
        Arbitrary<Set<String>> destroys = ids.isEmpty() ? Arbitraries.just(Set.of())
                : Arbitraries.of(ids).set().ofMaxSize(Math.min(4, ids.size()));
        Arbitrary<Integer> failures = Arbitraries.integers().between(0, 3);
        Arbitrary<String> paused = Arbitraries.of(null, null, "paused by test");
        Arbitrary<Integer> failedRemediations = Arbitraries.integers().between(0, 5);
        return Combinators.combine(provisions, destroys, failures, paused, failedRemediations)
                .as((p, d, f, pa, fr) -> {
                    Map<String, PendingDestroy> dm = new HashMap<>();
                    d.forEach(i -> dm.put(i, new PendingDestroy(i, NOW.minusSeconds(5), null)));
                    return new ControllerState(p, dm, f, f, f > 0 ? NOW.minusSeconds(f) : null, pa, fr);
                });
    }

    private static int ceiling(GroupConfig spec) {
        GroupPolicy p = spec.policy();
        int c = spec.desired() + p.maxSurge();
        return p.maxInstances() > 0 ? Math.min(c, p.maxInstances()) : c;
    }

    @Property(tries = 600)
    void neverProvisionsBeyondSizePlusMaxSurgeCountingInFlight(@ForAll("cases") Case c) {
        Plan plan = Planner.plan(c.spec(), c.observed(), c.state(), c.spec().policy(), NOW);
        if (plan.provisions() == 0) {
            return;
        }
        Set<String> visible = new HashSet<>();
        for (Member m : c.observed()) {
            if (ID.equals(m.group())) {
                visible.add(m.id());
            }
        }
        long inFlight = c.state().provisions().stream()
                .filter(p -> p.instanceId() == null || !visible.contains(p.instanceId()))
                .filter(p -> NOW.isBefore(p.issuedAt().plus(c.spec().policy().provisionTimeout())))
                .count();
        assertThat(visible.size() + inFlight + plan.provisions()).as(c.toString()).isLessThanOrEqualTo(ceiling(c.spec()));
    }

    @Property(tries = 600)
    void actsOnlyOnMembersCarryingTheGroupTag(@ForAll("cases") Case c) {
        Plan plan = Planner.plan(c.spec(), c.observed(), c.state(), c.spec().policy(), NOW);
        Map<String, Member> byId = new HashMap<>();
        c.observed().forEach(m -> byId.put(m.id(), m));
        Set<String> seen = new HashSet<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Destroy d) {
                Member m = byId.get(d.instanceId());
                assertThat(m).as("destroy of an unobserved instance " + d + "\n" + c).isNotNull();
                assertThat(m.group()).as(c.toString()).isEqualTo(ID);
                assertThat(c.state().destroys()).as("destroyed twice").doesNotContainKey(d.instanceId());
                assertThat(seen.add(d.instanceId())).as("two destroys of " + d.instanceId()).isTrue();
            }
        }
    }

    /** Same inputs, same plan. (That the planner does no I/O is checked by PlanPackageImportsTest.) */
    @Property(tries = 600)
    void isDeterministic(@ForAll("cases") Case c) {
        Plan a = Planner.plan(c.spec(), c.observed(), c.state(), c.spec().policy(), NOW);
        Plan b = Planner.plan(c.spec(), List.copyOf(c.observed()), c.state(), c.spec().policy(), NOW);
        assertThat(a).isEqualTo(b);
    }

    @Property(tries = 600)
    void neverTakesHealthyMembersBelowTheMinimumDuringAnUpdate(@ForAll("cases") Case c) {
        if (c.spec().quorum()) {
            return;
        }
        Plan plan = Planner.plan(c.spec(), c.observed(), c.state(), c.spec().policy(), NOW);
        Set<String> destroyedForUpdate = new HashSet<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Destroy d && d.cause() == Action.Cause.ROLLING_UPDATE) {
                destroyedForUpdate.add(d.instanceId());
            }
        }
        if (destroyedForUpdate.isEmpty()) {
            return;
        }
        // Old members judged healthy, plus new ones healthy. An update may not take that count below
        // size - maxUnavailable; when the group is already below it (members lost, or unhealthy), the
        // update may only remove members that do not count, so the count must not drop at all.
        java.util.function.Predicate<Member> countsAsHealthy =
                m -> m.health() != Health.UNHEALTHY && (OLD.equals(m.configHash()) || m.health() == Health.HEALTHY);
        List<Member> live = c.observed().stream()
                .filter(m -> ID.equals(m.group()) && !c.state().destroys().containsKey(m.id()))
                .toList();
        long healthyBefore = live.stream().filter(countsAsHealthy).count();
        long remainingHealthy = live.stream()
                .filter(m -> plan.actions().stream().noneMatch(a -> a instanceof Action.Destroy d
                        && d.instanceId().equals(m.id())))
                .filter(countsAsHealthy)
                .count();
        long floor = Math.min(healthyBefore, c.spec().desired() - c.spec().policy().maxUnavailable());
        assertThat(remainingHealthy).as(c.toString()).isGreaterThanOrEqualTo(floor);
    }

    @Property(tries = 400)
    void convergesInBoundedRoundsWhenTheProviderWorks(@ForAll("cases") Case c) {
        GroupConfig spec = c.spec();
        // The provider works: everything it reports is healthy and new instances show up at once.
        List<Member> world = new ArrayList<>();
        for (Member m : c.observed()) {
            world.add(m.withHealth(Health.HEALTHY, NOW.minusSeconds(3600), 5));
        }
        Instant now = NOW;
        int next = 1000;
        int rounds = 4 * Math.max(spec.desired(), 1) + 60;
        ControllerState state = ControllerState.EMPTY;
        Plan plan = null;
        for (int r = 0; r < rounds; r++) {
            plan = Planner.plan(spec, world, state, spec.policy(), now);
            if (plan.actions().isEmpty() && plan.converged()) {
                break;
            }
            for (Action a : plan.actions()) {
                if (a instanceof Action.Provision p) {
                    Map<String, String> tags = new HashMap<>(Map.of(Tags.GROUP, ID, Tags.CONFIG_HASH, NEW));
                    world.add(new Member("n" + (next++), p.logicalId(), tags, Health.HEALTHY, now, 1, now));
                } else if (a instanceof Action.Destroy d) {
                    world.removeIf(m -> m.id().equals(d.instanceId()));
                }
            }
            now = now.plusSeconds(10);
            List<Member> aged = new ArrayList<>();
            for (Member m : world) {
                aged.add(m.withHealth(m.health(), m.healthSince(), m.healthyStreak() + 1));
            }
            world = aged;
        }
        assertThat(plan.converged()).as("not converged after " + rounds + " rounds: " + plan + "\n" + c).isTrue();
        List<Member> mine = world.stream().filter(m -> ID.equals(m.group())).toList();
        assertThat(mine).hasSize(spec.desired()).allSatisfy(m -> assertThat(m.configHash()).isEqualTo(NEW));
        if (spec.quorum()) {
            assertThat(mine).extracting(Member::logicalId).containsExactlyInAnyOrderElementsOf(spec.logicalIds());
        }
        // Whatever lacked the tag is still there, untouched.
        long strangers = c.observed().stream().filter(m -> !ID.equals(m.group())).count();
        assertThat(world.size() - mine.size()).isEqualTo((int) strangers);
    }

    @Property(tries = 300)
    void sizeOnlyChangesNeverRoll(@ForAll("cases") Case c) {
        // Every member already carries the spec's hash: whatever the size, nothing is destroyed for an update.
        List<Member> current = new ArrayList<>();
        for (Member m : c.observed()) {
            Map<String, String> tags = new HashMap<>(m.tags());
            tags.put(Tags.CONFIG_HASH, NEW);
            current.add(new Member(m.id(), m.logicalId(), tags, m.health(), m.healthSince(), m.healthyStreak(), m.since()));
        }
        List<PendingProvision> pending = c.state().provisions().stream()
                .map(p -> new PendingProvision(p.token(), p.instanceId(), p.logicalId(), NEW, p.issuedAt())).toList();
        ControllerState st = new ControllerState(pending, c.state().destroys(), c.state().provisionFailures(),
                c.state().failedAttempts(), c.state().lastProvisionFailure(), null, c.state().failedRemediations());
        Plan plan = Planner.plan(c.spec(), current, st, c.spec().policy(), NOW);
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Destroy d && d.rollingUpdate());
        assertThat(plan.outdated()).isZero();
    }

    /**
     * Issue 13: a plan holds at most one batch of actions (the controller's batch option), less the calls
     * still running, for any size up to a billion, so no size can make the planner exhaust memory.
     */
    @Property(tries = 600)
    void neverPlansMoreThanOneBatchWhateverTheSize(@ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 64) int batch,
                                                   @ForAll @IntRange(min = 0, max = 1_000_000_000) int size) {
        GroupConfig spec = c.spec().quorum() ? c.spec() : c.spec().withSize(size);
        Plan plan = Planner.plan(spec, c.observed(), c.state(), spec.policy(), NOW, batch);
        long running = c.state().provisions().stream().filter(p -> p.instanceId() == null).count()
                + c.state().destroys().values().stream().filter(d -> d.completedAt() == null).count();
        assertThat(plan.actions().size()).as(spec.allocation() + " batch " + batch + "\n" + c)
                .isLessThanOrEqualTo(batch)
                .isLessThanOrEqualTo((int) Math.max(0, batch - running));
        if (plan.batchLimited()) {
            assertThat(plan.converged()).isFalse();
        }
    }
}
