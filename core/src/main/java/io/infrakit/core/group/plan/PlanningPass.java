package io.infrakit.core.group.plan;

import io.infrakit.spi.GoDuration;
import io.infrakit.spi.flavor.Health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    final List<PendingProvision> pending = new ArrayList<>();
    final List<Action> actions = new ArrayList<>();
    final Set<String> destroyed = new HashSet<>();
    String paused;
    String remediationStopped;
    Instant backoffUntil;
    boolean blockedByBackoff;
    int ceiling;

    PlanningPass(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy, Instant now) {
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
                members.add(m);
                visible.add(m.id());
            }
        }
        for (Member m : members) {
            (state.destroys().containsKey(m.id()) ? destroying : active).add(m);
        }
        for (PendingProvision p : state.provisions()) {
            boolean arrived = p.instanceId() != null && visible.contains(p.instanceId());
            boolean expired = !now.isBefore(p.issuedAt().plus(policy.provisionTimeout()));
            if (!arrived && !expired) {
                pending.add(p);
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
        boolean updating = outdatedCount() > 0 || pending.stream().anyMatch(p -> !hash.equals(p.configHash()));
        if (updating && paused == null) {
            paused = detectPause();
        }
        remediate();
        if (spec.quorum()) {
            Quorum.plan(this, updating);
        } else {
            Scaler.plan(this, updating);
        }
        int outdated = outdatedCount();
        boolean converged = actions.isEmpty() && pending.isEmpty() && destroying.isEmpty()
                && active.size() == n && outdated == 0 && unhealthyCount == 0 && paused == null
                && backoffUntil == null;
        return new Plan(List.copyOf(actions), n, members.size(), healthyCount, unhealthyCount, pending.size(),
                destroying.size(), outdated, outdated > 0 ? paused : null, remediationStopped, backoffUntil,
                converged, message(converged, outdated, unhealthyCount));
    }

    int outdatedCount() {
        int c = 0;
        for (Member m : active) {
            if (!hash.equals(m.configHash())) {
                c++;
            }
        }
        return c;
    }

    boolean current(Member m) {
        return hash.equals(m.configHash());
    }

    /** Healthy as InfraKit's Updating asks: Count checks in a row and Duration since it turned healthy. */
    boolean ready(Member m) {
        if (m.health() != Health.HEALTHY) {
            return false;
        }
        if (m.healthyStreak() < Math.max(1, policy.healthyCount())) {
            return false;
        }
        Instant since = m.healthSince() == null ? m.since() : m.healthSince();
        return since == null || !now.isBefore(since.plus(policy.healthyDuration()));
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
            if (!current(m)) {
                continue;
            }
            if (m.health() == Health.UNHEALTHY) {
                if (unhealthy == null || m.id().compareTo(unhealthy.id()) < 0) {
                    unhealthy = m;
                }
            } else if (!ready(m) && m.since() != null && !now.isBefore(m.since().plus(policy.healthyTimeout()))) {
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
            if (m.health() == Health.UNHEALTHY && m.healthSince() != null
                    && !now.isBefore(m.healthSince().plus(policy.unhealthyGrace()))) {
                candidates.add(m);
            }
        }
        candidates.sort(byId());
        for (Member m : candidates) {
            if (budget <= 0) {
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

    void destroy(Member m, Action.Cause cause, String reason) {
        actions.add(new Action.Destroy(m.id(), cause, policy.drainBeforeDestroy(), reason));
        destroyed.add(m.id());
    }

    List<Member> keep() {
        List<Member> keep = new ArrayList<>(active.size());
        for (Member m : active) {
            if (!destroyed.contains(m.id())) {
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
        for (int i = 0; i < count; i++) {
            actions.add(new Action.Provision(logicalId, reason));
        }
        return count;
    }

    /** Which member goes first: outdated, then unhealthy, unknown, healthy; then the newest; then by ID. */
    Comparator<Member> scaleDownOrder() {
        return Comparator.<Member>comparingInt(m -> current(m) ? 1 : 0)
                .thenComparingInt(m -> switch (m.health() == null ? Health.UNKNOWN : m.health()) {
                    case UNHEALTHY -> 0;
                    case UNKNOWN -> 1;
                    case HEALTHY -> 2;
                })
                .thenComparing(m -> m.since() == null ? Instant.MIN : m.since(), Comparator.reverseOrder())
                .thenComparing(Member::id);
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
        if (converged) {
            return "converged: " + n + " of " + n + " members";
        }
        List<String> parts = new ArrayList<>();
        if (outdated > 0) {
            parts.add((paused != null ? "rolling update paused: " + paused : "rolling update: " + outdated
                    + " of " + active.size() + " members outdated"));
        }
        if (remediationStopped != null) {
            parts.add("remediation stopped: " + remediationStopped);
        }
        if (blockedByBackoff || backoffUntil != null) {
            parts.add("provisioning backed off after " + state.provisionFailures() + " failures in "
                    + state.failedAttempts() + (state.failedAttempts() == 1 ? " attempt" : " attempts")
                    + " until " + backoffUntil);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("provision", actions.stream().filter(a -> a instanceof Action.Provision).count());
        counts.put("destroy", actions.stream().filter(a -> a instanceof Action.Destroy).count());
        if (parts.isEmpty()) {
            parts.add("converging: " + active.size() + " running, " + pending.size() + " provisioning, "
                    + destroying.size() + " destroying, " + n + " wanted"
                    + (unhealthy > 0 ? ", " + unhealthy + " unhealthy" : ""));
        }
        if (counts.get("provision") > 0 || counts.get("destroy") > 0) {
            parts.add("now: " + counts.get("provision") + " to provision, " + counts.get("destroy") + " to destroy");
        }
        return String.join("; ", parts);
    }
}
