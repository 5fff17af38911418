package io.infrakit.core.group.plan;

import io.infrakit.spi.GoDuration;
import io.infrakit.spi.flavor.Health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One planning pass: the inputs, what was decided so far, and the rules shared by the strategies
 * ({@link Scaler} for a scaled group, {@link Quorum} for logical IDs). A class only to share the
 * inputs between the steps.
 */
final class PlanningPass {
    final GroupConfig spec;
    final ControllerState state;
    final GroupPolicy policy;
    final Instant now;
    final String hash;
    final int n;

    final List<Member> members = new ArrayList<>();
    final List<Member> active = new ArrayList<>();
    final List<Member> destroying = new ArrayList<>();
    /** Members on standby: kept, not counted, never acted on. */
    final List<Member> standby = new ArrayList<>();
    final List<PendingProvision> pending = new ArrayList<>();
    /** The warm pool (Policy.WarmPool): stopped members and provisions into the pool, never counted as serving. */
    final List<Member> warm = new ArrayList<>();
    final List<PendingProvision> pendingWarm = new ArrayList<>();
    /** Members this pass returns to the pool, and warm members it starts. */
    final Set<String> stopped = new HashSet<>();
    final Set<String> started = new HashSet<>();
    final List<Action> actions = new ArrayList<>();
    final Set<String> destroyed = new HashSet<>();
    String paused;
    String remediationStopped;
    Instant backoffUntil;
    boolean blockedByBackoff;
    int ceiling;
    /** Why the update is rolled back now, or null. */
    String rollback;
    /** How far the config change may go now (canary, checkpoints); set by {@link #plan()}. */
    RolloutGate gate = RolloutGate.OPEN;
    /** The most actions this pass may plan: every action is taken from it. */
    final Batch batch;

    PlanningPass(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy, Instant now,
                 int batch) {
        this.batch = new Batch(batch, state);
        this.spec = spec;
        this.state = state;
        this.policy = policy;
        this.now = now;
        this.hash = spec.configHash();
        this.n = spec.desired();
        Set<String> visible = new HashSet<>();
        for (Member m : observed) {
            // Membership is the group tag and nothing else: whatever lacks it is never touched.
            if (spec.id().equals(m.group())) {
                visible.add(m.id());
                if (m.isStandby()) {
                    standby.add(m);
                } else if (m.isWarm()) {
                    warm.add(m);
                } else {
                    members.add(m);
                }
            }
        }
        for (Member m : members) {
            (state.destroys().containsKey(m.id()) ? destroying : active).add(m);
        }
        for (PendingProvision p : state.provisions()) {
            boolean arrived = p.instanceId() != null && visible.contains(p.instanceId());
            boolean expired = !now.isBefore(p.issuedAt().plus(policy.provisionTimeout()));
            if (!arrived && !expired) {
                (p.warm() ? pendingWarm : pending).add(p);
            }
        }
        this.paused = state.updatePaused();
        ceiling = n + policy.maxSurge();
        if (policy.maxInstances() > 0) {
            ceiling = Math.min(ceiling, policy.maxInstances());
        }
        backoffUntil = state.backoffUntil(now);
    }

    Plan plan() {
        int unhealthyCount = 0;
        int healthyCount = 0;
        for (Member m : active) {
            if (m.health() == Health.UNHEALTHY) {
                unhealthyCount++;
            } else if (m.health() == Health.HEALTHY) {
                healthyCount++;
            }
        }
        int allowed = policy.allowedUnhealthy(n);
        if (unhealthyCount > allowed) {
            remediationStopped = unhealthyCount + " of " + n + " members are unhealthy, more than MaxUnhealthy "
                    + policy.maxUnhealthy() + " allows (" + allowed + "): unhealthy members are not replaced"
                    + " until fewer are unhealthy (fix the cause, then commit again)";
        } else if (state.failedRemediations() >= allowed) {
            // Replacements that never turn healthy point at a broken image: stop paying for more.
            remediationStopped = state.failedRemediations() + " unhealthy members were replaced in a row by"
                    + " members that never turned healthy, as many as MaxUnhealthy " + policy.maxUnhealthy()
                    + " allows (" + allowed + "): unhealthy members are not replaced until one turns healthy"
                    + " (fix the cause, then commit again)";
        }
        int outdatedBefore = outdatedCount();
        boolean updating = outdatedBefore > 0 || expiredCount() > 0
                || pending.stream().anyMatch(p -> !hash.equals(p.configHash()));
        if (updating && paused == null) {
            paused = detectPause();
            if (paused != null && outdatedBefore > 0 && policy.rollout().autoRollback() && state.rollback() == null) {
                // The bad config stops here; the controller commits the previous version.
                rollback = paused;
            }
        }
        gate = outdatedBefore > 0 ? gate() : RolloutGate.OPEN;
        remediate();
        WarmPoolPlan.prune(this);
        if (spec.quorum()) {
            Quorum.plan(this, updating);
        } else {
            Scaler.plan(this, updating);
        }
        WarmPoolPlan.refill(this);
        int outdated = outdatedCount();
        boolean converged = actions.isEmpty() && pending.isEmpty() && destroying.isEmpty()
                && pendingWarm.isEmpty() && warm.size() == (spec.quorum() ? 0 : policy.warmPool().size())
                && active.size() == n && outdated == 0 && unhealthyCount == 0 && paused == null
                && backoffUntil == null && expiredCount() == 0 && !batch.limited();
        int protectedCount = (int) members.stream().filter(Member::isProtected).count();
        return new Plan(List.copyOf(actions), n, members.size(), healthyCount, unhealthyCount, pending.size(),
                destroying.size(), outdated, outdated > 0 ? paused : null, remediationStopped, backoffUntil,
                converged, message(converged, outdated, unhealthyCount), outdated > 0 ? gate.text() : null,
                outdated > 0 ? gate.phase() : -1, outdated > 0 && gate.holding(), rollback, expiredCount(),
                protectedCount, standby.size(), warm.size(), pendingWarm.size(), batch.limited());
    }

    /** Members with another config hash; a protected member keeps its config, so it is not counted. */
    int outdatedCount() {
        int c = 0;
        for (Member m : active) {
            if (!hash.equals(m.configHash()) && !m.isProtected()) {
                c++;
            }
        }
        return c;
    }

    int expiredCount() {
        int c = 0;
        for (Member m : active) {
            if (current(m) && expired(m)) {
                c++;
            }
        }
        return c;
    }

    /** Older than Policy.MaxLifetime (since the controller first saw it); a protected member never expires. */
    boolean expired(Member m) {
        return policy.maxLifetime() != null && m.since() != null && !m.isProtected()
                && !now.isBefore(m.since().plus(policy.maxLifetime()));
    }

    /** To be replaced by the update: another config, or past MaxLifetime; never a protected member. */
    boolean replaceable(Member m) {
        return !m.isProtected() && (!current(m) || expired(m));
    }

    /** The canary or checkpoint this pass works within. */
    private RolloutGate gate() {
        List<Instant> readyAt = new ArrayList<>();
        int fresh = 0;
        int pinned = 0;
        for (Member m : active) {
            if (m.isProtected()) {
                pinned++;
            } else if (current(m) && !expired(m)) {
                fresh++;
                if (ready(m)) {
                    readyAt.add(readyAt(m));
                }
            }
        }
        for (PendingProvision p : pending) {
            if (hash.equals(p.configHash())) {
                fresh++;
            }
        }
        return RolloutGate.of(policy.rollout(), state, Math.max(0, n - pinned), readyAt, fresh, now, hash, spec.id());
    }

    /** When a ready member became ready: healthy since, plus Updating.Duration or BakeTime, whichever is longer. */
    Instant readyAt(Member m) {
        Instant since = m.healthSince() == null ? m.since() : m.healthSince();
        if (since == null) {
            return Instant.MIN;
        }
        return since.plus(max(policy.healthyDuration(), current(m) ? policy.rollout().bakeTime() : Duration.ZERO));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    boolean current(Member m) {
        return hash.equals(m.configHash());
    }

    /**
     * Healthy as InfraKit's Updating asks (Count checks in a row, Duration since it turned healthy) and,
     * for a new member, for Policy.Update.BakeTime: only then does the next batch start.
     */
    boolean ready(Member m) {
        if (!healthyEnough(m)) {
            return false;
        }
        Instant since = m.healthSince() == null ? m.since() : m.healthSince();
        return since == null || !now.isBefore(readyAt(m));
    }

    /** Healthy with Updating.Count checks in a row: a new member that is this much did turn healthy in time. */
    boolean healthyEnough(Member m) {
        return m.health() == Health.HEALTHY && m.healthyStreak() >= Math.max(1, policy.healthyCount());
    }

    /**
     * Counts toward size - maxUnavailable: a new member once ready; an old member unless judged
     * unhealthy (a flavor without a verdict must not block an update forever; new members are
     * still held to being healthy, and pause the update if they never are).
     */
    boolean available(Member m) {
        return current(m) ? ready(m) : m.health() != Health.UNHEALTHY;
    }

    /** A rolling update pauses when a new member is unhealthy or not healthy within HealthyTimeout. */
    String detectPause() {
        // The lowest ID wins, so that the same inputs always give the same reason.
        Member unhealthy = null;
        Member late = null;
        for (Member m : active) {
            if (!current(m) || expired(m)) {
                continue;
            }
            if (m.health() == Health.UNHEALTHY) {
                if (unhealthy == null || m.id().compareTo(unhealthy.id()) < 0) {
                    unhealthy = m;
                }
            } else if (!healthyEnough(m) && m.since() != null && !now.isBefore(m.since().plus(policy.healthyTimeout()))) {
                if (late == null || m.id().compareTo(late.id()) < 0) {
                    late = m;
                }
            }
        }
        if (unhealthy != null) {
            return "new member " + unhealthy.id() + " is unhealthy; fix the spec and commit it again";
        }
        if (late != null) {
            return "new member " + late.id() + " is not healthy " + GoDuration.format(policy.healthyTimeout())
                    + " after it was created (Policy.HealthyTimeout); fix the spec and commit it again";
        }
        return null;
    }

    /** Replace members unhealthy for longer than the grace period, unless too many are. */
    void remediate() {
        if (remediationStopped != null) {
            return;
        }
        // Within one pass, never replace more than the breaker below still allows.
        int budget = policy.allowedUnhealthy(n) - state.failedRemediations();
        List<Member> candidates = new ArrayList<>();
        for (Member m : active) {
            // A protected member is never destroyed, not even to heal it.
            if (!m.isProtected() && m.health() == Health.UNHEALTHY && m.healthSince() != null
                    && !now.isBefore(m.healthSince().plus(policy.unhealthyGrace()))) {
                candidates.add(m);
            }
        }
        candidates.sort(byId());
        for (Member m : candidates) {
            if (budget <= 0 || batch.cap(1) == 0) { // a full batch: the rest are replaced by the next passes
                return;
            }
            if (paused != null && current(m)) {
                // Recreating a new member of a paused update would rebuild the same broken config in a loop.
                continue;
            }
            destroy(m, Action.Cause.UNHEALTHY, "unhealthy for " + GoDuration.format(Duration.between(m.healthSince(), now)));
            budget--;
        }
    }

    /** Plans the destroy of {@code m}; false when it is not planned (protected, standby, or the batch is full). */
    boolean destroy(Member m, Action.Cause cause, String reason) {
        if (m.isProtected() || m.isStandby()) {
            return false; // the strategies leave them out; this is the last word
        }
        if (!batch.takeOne()) {
            return false; // a later batch: destroying fewer now is always within the rules
        }
        actions.add(new Action.Destroy(m.id(), cause, policy.drainBeforeDestroy(), reason));
        destroyed.add(m.id());
        return true;
    }

    List<Member> keep() {
        List<Member> keep = new ArrayList<>(active.size());
        for (Member m : active) {
            if (!destroyed.contains(m.id()) && !stopped.contains(m.id())) {
                keep.add(m);
            }
        }
        return keep;
    }

    int total() {
        return members.size() + pending.size();
    }

    int provision(int count, String logicalId, String reason) {
        if (count <= 0) {
            return 0;
        }
        if (backoffUntil != null) {
            blockedByBackoff = true;
            return 0;
        }
        // Never more than one batch: the rest is planned by later passes, as this batch's calls return.
        count = batch.take(count);
        for (int i = 0; i < count; i++) {
            actions.add(new Action.Provision(logicalId, reason));
        }
        return count;
    }

    /** Which member goes first (Policy.ScaleDown): see {@link ScaleDownOrder}. */
    Comparator<Member> scaleDownOrder() {
        return ScaleDownOrder.comparator(policy.scaleDown(), this::current);
    }

    /** The {@code k} members to remove when shrinking, in the policy's order; never a protected one. */
    List<Member> pickToRemove(List<Member> candidates, int k) {
        return ScaleDownOrder.pick(candidates, k, policy.scaleDown(), this::current);
    }

    static Comparator<Member> byId() {
        return Comparator.comparing(Member::id);
    }

    static List<Member> sorted(List<Member> list, Comparator<Member> order) {
        List<Member> copy = new ArrayList<>(list);
        copy.sort(order);
        return copy;
    }

    String message(boolean converged, int outdated, int unhealthy) {
        return PlanMessage.of(this, converged, outdated, unhealthy);
    }
}
