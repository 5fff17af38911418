package io.infrakit.core.group.plan;

import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.infrakit.core.group.plan.PlannerPropertiesTest.ID;
import static io.infrakit.core.group.plan.PlannerPropertiesTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy.WarmPool over the random groups of {@link PlannerPropertiesTest}, with some members warm
 * (stopped in the pool) and some provisions going into the pool.
 */
class WarmPoolPlannerPropertiesTest {

    private final PlannerPropertiesTest base = new PlannerPropertiesTest();

    record Case(GroupConfig spec, List<Member> observed, ControllerState state) {
        @Override
        public String toString() {
            return "spec=" + spec.allocation() + " policy=" + spec.policy() + "\nobserved=" + observed + "\nstate=" + state;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<GroupPolicy.WarmPool> pools = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 3)).as((s, p) -> s == 0 ? GroupPolicy.WarmPool.NONE
                : new GroupPolicy.WarmPool(s, Math.min(s, p)));
        Arbitrary<String> role = Arbitraries.of("", "", "", Tags.WARM, Tags.WARM, Tags.STANDBY, Tags.PROTECTED);
        Arbitrary<Boolean> warmProvision = Arbitraries.of(true, false);
        return Combinators.combine(base.cases(), pools, role.list().ofSize(25), warmProvision.list().ofSize(5))
                .as((c, pool, roles, warmFlags) -> {
                    GroupConfig s = c.spec();
                    GroupConfig spec = new GroupConfig(s.id(), s.properties(), s.policy().withWarmPool(pool), s.configHash());
                    List<Member> obs = new ArrayList<>();
                    for (int i = 0; i < c.observed().size(); i++) {
                        Member m = c.observed().get(i);
                        Map<String, String> tags = new HashMap<>(m.tags());
                        if (!roles.get(i).isEmpty()) {
                            tags.put(roles.get(i), Tags.TRUE);
                        }
                        obs.add(new Member(m.id(), m.logicalId(), tags, m.health(), m.healthSince(), m.healthyStreak(),
                                m.since()));
                    }
                    List<PendingProvision> provisions = new ArrayList<>();
                    for (int i = 0; i < c.state().provisions().size(); i++) {
                        PendingProvision p = c.state().provisions().get(i);
                        provisions.add(new PendingProvision(p.token(), p.instanceId(), p.logicalId(), p.configHash(),
                                p.issuedAt(), warmFlags.get(i)));
                    }
                    ControllerState st = c.state();
                    ControllerState state = new ControllerState(provisions, st.destroys(), st.provisionFailures(),
                            st.failedAttempts(), st.lastProvisionFailure(), st.updatePaused(), st.failedRemediations());
                    return new Case(spec, obs, state);
                });
    }

    private static Plan plan(Case c) {
        return Planner.plan(c.spec(), c.observed(), c.state(), c.spec().policy(), NOW);
    }

    private static long count(Plan plan, Class<? extends Action> type) {
        return plan.actions().stream().filter(type::isInstance).count();
    }

    /** Provisions in flight (not yet visible, not timed out), warm ones or serving ones. */
    private static long inFlight(Case c, boolean warm) {
        Set<String> visible = new HashSet<>();
        for (Member m : c.observed()) {
            if (ID.equals(m.group())) {
                visible.add(m.id());
            }
        }
        return c.state().provisions().stream()
                .filter(p -> p.warm() == warm)
                .filter(p -> p.instanceId() == null || !visible.contains(p.instanceId()))
                .filter(p -> NOW.isBefore(p.issuedAt().plus(c.spec().policy().provisionTimeout())))
                .count();
    }

    private static int ceiling(Case c) {
        GroupPolicy p = c.spec().policy();
        int ceiling = c.spec().desired() + p.maxSurge();
        return p.maxInstances() > 0 ? Math.min(ceiling, p.maxInstances()) : ceiling;
    }

    private static List<Member> mine(Case c) {
        return c.observed().stream().filter(m -> ID.equals(m.group())).toList();
    }

    @Property(tries = 200)
    void neverMoreThanSizePlusSurgeCountingWarmAndInFlightMembers(@ForAll("cases") Case c) {
        Plan plan = plan(c);
        long provisions = plan.provisions();
        long starts = count(plan, Action.Start.class);
        long prepares = count(plan, Action.Prepare.class);
        long serving = mine(c).stream().filter(m -> !m.isStandby() && !m.isWarm()).count();
        long warm = mine(c).stream().filter(Member::isWarm).count();
        if (provisions + starts > 0) {
            // Serving members, provisions in flight and what this plan adds to them (new and from the pool).
            assertThat(serving + inFlight(c, false) + provisions + starts).as(c.toString()).isLessThanOrEqualTo(ceiling(c));
        }
        int pool = c.spec().policy().warmPool().size();
        if (prepares > 0) {
            long stops = count(plan, Action.Stop.class);
            long destroyedWarm = plan.actions().stream().filter(a -> a instanceof Action.Destroy d
                    && mine(c).stream().anyMatch(m -> m.isWarm() && m.id().equals(d.instanceId()))).count();
            long beingDestroyed = mine(c).stream().filter(m -> m.isWarm() && c.state().destroys().containsKey(m.id())).count();
            // The pool and its provisions stay within WarmPool.Size...
            assertThat(warm - starts - destroyedWarm - beingDestroyed + inFlight(c, true) + stops + prepares)
                    .as(c.toString()).isLessThanOrEqualTo(pool);
            // ... at most MaxPrepared of them provisioned at once ...
            assertThat(inFlight(c, true) + prepares).as(c.toString())
                    .isLessThanOrEqualTo(c.spec().policy().warmPool().maxPrepared());
            // ... so everything together stays within size + maxSurge + WarmPool.Size (and MaxInstances); a group
            // already above its size (shrinking) is not made larger by the pool than it is plus the pool.
            long all = serving + warm + inFlight(c, false) + inFlight(c, true) + provisions + starts + prepares
                    - starts;
            long servingCeiling = Math.max(c.spec().desired() + c.spec().policy().maxSurge(), serving + inFlight(c, false));
            long cap = servingCeiling + pool;
            if (c.spec().policy().maxInstances() > 0) {
                cap = Math.min(cap, Math.max(c.spec().policy().maxInstances(), serving + inFlight(c, false)));
            }
            assertThat(all).as(c.toString()).isLessThanOrEqualTo(cap);
        }
    }

    @Property(tries = 200)
    void poolMembersAreNeverCountedAsServingNorHealed(@ForAll("cases") Case c) {
        Plan plan = plan(c);
        List<Member> warm = mine(c).stream().filter(Member::isWarm).toList();
        Set<String> warmIds = new HashSet<>();
        warm.forEach(m -> warmIds.add(m.id()));
        assertThat(plan.warm()).isEqualTo(warm.size());
        assertThat(plan.running()).as(c.toString()).isEqualTo(mine(c).stream().filter(m -> !m.isStandby() && !m.isWarm()).count());
        // Their health is not read: a pool member judged anything else gives the same counts and actions.
        List<Member> flipped = c.observed().stream().map(m -> m.isWarm() ? m.withHealth(
                m.health() == Health.UNHEALTHY ? Health.HEALTHY : Health.UNHEALTHY, NOW.minusSeconds(3600), 0) : m).toList();
        Plan other = Planner.plan(c.spec(), flipped, c.state(), c.spec().policy(), NOW);
        assertThat(other.healthy()).isEqualTo(plan.healthy());
        assertThat(other.unhealthy()).isEqualTo(plan.unhealthy());
        assertThat(other.actions()).isEqualTo(plan.actions());
        for (Action a : plan.actions()) {
            switch (a) {
                case Action.Destroy d when warmIds.contains(d.instanceId()) ->
                        assertThat(d.cause()).as("remediated a pool member " + d + "\n" + c).isNotEqualTo(Action.Cause.UNHEALTHY);
                case Action.Start s -> {
                    assertThat(warmIds).as(c.toString()).contains(s.instanceId());
                    Member m = warm.stream().filter(w -> w.id().equals(s.instanceId())).findFirst().orElseThrow();
                    assertThat(m.configHash()).as("started a pool member of another config").isEqualTo(c.spec().configHash());
                }
                case Action.Stop s -> {
                    assertThat(warmIds).doesNotContain(s.instanceId());
                    Member m = mine(c).stream().filter(w -> w.id().equals(s.instanceId())).findFirst().orElseThrow();
                    assertThat(m.isProtected() || m.isStandby()).isFalse();
                }
                default -> {
                }
            }
        }
    }

    @Property(tries = 100)
    void scaleUpTakesFromThePoolBeforeProvisioningNew(@ForAll("cases") Case c) {
        Plan plan = plan(c);
        if (plan.provisions() == 0 || c.spec().quorum() || !c.spec().policy().warmPool().enabled()) {
            return;
        }
        Set<String> started = new HashSet<>();
        plan.actions().stream().filter(a -> a instanceof Action.Start).forEach(a -> started.add(((Action.Start) a).instanceId()));
        boolean scaleUpOnly = plan.actions().stream().noneMatch(a -> a instanceof Action.Provision p
                && !p.reason().startsWith("scale up"));
        if (!scaleUpOnly) {
            return;
        }
        // A new member is provisioned for scale-up only when no startable pool member is left.
        for (Member m : mine(c)) {
            boolean destroyedNow = plan.actions().stream().anyMatch(a -> a instanceof Action.Destroy d && d.instanceId().equals(m.id()));
            if (m.isWarm() && c.spec().configHash().equals(m.configHash()) && !c.state().destroys().containsKey(m.id())
                    && !destroyedNow) {
                assertThat(started).as(c.toString()).contains(m.id());
            }
        }
    }

    @Property(tries = 50)
    void withoutAPoolNothingIsStartedStoppedOrPrepared(@ForAll("cases") Case c) {
        GroupConfig s = c.spec();
        GroupConfig spec = new GroupConfig(s.id(), s.properties(), s.policy().withWarmPool(GroupPolicy.WarmPool.NONE), s.configHash());
        Plan plan = Planner.plan(spec, c.observed(), c.state(), spec.policy(), NOW);
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Start || a instanceof Action.Stop
                || a instanceof Action.Prepare);
    }
}
