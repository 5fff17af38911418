package io.infrakit.core.group;

import io.infrakit.spi.GoDuration;
import io.infrakit.spi.flavor.Health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group controller's brain: a pure function from (spec, observed members, state, policy, now)
 * to the actions to take. No I/O, no clock, no randomness: the same inputs give the same plan, which
 * is what lets property tests hammer it and {@code CommitGroup(Pretend)} show it.
 *
 * <p>Rules it never breaks:
 * <ul>
 *   <li>it provisions only while members + in-flight provisions stay within size + maxSurge
 *       (and MaxInstances);</li>
 *   <li>it acts only on members carrying {@code infrakit.group=<id>}; anything else is invisible to it;</li>
 *   <li>during a rolling update it destroys an old member only while at least size - maxUnavailable
 *       members stay healthy, so the next batch starts only when the new members are healthy;</li>
 *   <li>it stops replacing unhealthy members when more than maxUnhealthy are unhealthy at once;</li>
 *   <li>a change of size alone never rolls: only the config hash decides what is outdated.</li>
 * </ul>
 */
public final class Planner {

    private Planner() {
    }

    public static Plan plan(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy,
                            Instant now) {
        return new Run(spec, observed, state, policy, now).plan();
    }

    /** One planning pass; a class only to share the inputs between the steps. */
    private static final class Run {
        private final GroupConfig spec;
        private final ControllerState state;
        private final GroupPolicy policy;
        private final Instant now;
        private final String hash;
        private final int n;

        private final List<Member> members = new ArrayList<>();
        private final List<Member> active = new ArrayList<>();
        private final List<Member> destroying = new ArrayList<>();
        private final List<PendingProvision> pending = new ArrayList<>();
        private final List<Action> actions = new ArrayList<>();
        private final Set<String> destroyed = new HashSet<>();
        private String paused;
        private String remediationStopped;
        private Instant backoffUntil;
        private boolean blockedByBackoff;
        private int ceiling;

        Run(GroupConfig spec, List<Member> observed, ControllerState state, GroupPolicy policy, Instant now) {
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
            if (state.provisionFailures() > 0 && state.lastProvisionFailure() != null) {
                Instant until = state.lastProvisionFailure().plus(GroupPolicy.backoff(state.provisionFailures()));
                if (now.isBefore(until)) {
                    backoffUntil = until;
                }
            }
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
                planQuorum(updating);
            } else {
                planScaled(updating);
            }
            int outdated = outdatedCount();
            boolean converged = actions.isEmpty() && pending.isEmpty() && destroying.isEmpty()
                    && active.size() == n && outdated == 0 && unhealthyCount == 0 && paused == null
                    && backoffUntil == null;
            return new Plan(List.copyOf(actions), n, members.size(), healthyCount, unhealthyCount, pending.size(),
                    destroying.size(), outdated, outdated > 0 ? paused : null, remediationStopped, backoffUntil,
                    converged, message(converged, outdated, unhealthyCount));
        }

        private int outdatedCount() {
            int c = 0;
            for (Member m : active) {
                if (!hash.equals(m.configHash())) {
                    c++;
                }
            }
            return c;
        }

        private boolean current(Member m) {
            return hash.equals(m.configHash());
        }

        /** Healthy as InfraKit's Updating asks: Count checks in a row and Duration since it turned healthy. */
        private boolean ready(Member m) {
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
        private boolean available(Member m) {
            return current(m) ? ready(m) : m.health() != Health.UNHEALTHY;
        }

        /** A rolling update pauses when a new member is unhealthy or not healthy within HealthyTimeout. */
        private String detectPause() {
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
        private void remediate() {
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

        private void destroy(Member m, Action.Cause cause, String reason) {
            actions.add(new Action.Destroy(m.id(), cause, policy.drainBeforeDestroy(), reason));
            destroyed.add(m.id());
        }

        private List<Member> keep() {
            List<Member> keep = new ArrayList<>(active.size());
            for (Member m : active) {
                if (!destroyed.contains(m.id())) {
                    keep.add(m);
                }
            }
            return keep;
        }

        private int total() {
            return members.size() + pending.size();
        }

        private int provision(int count, String logicalId, String reason) {
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

        private void planScaled(boolean updating) {
            List<Member> keep = keep();
            List<Member> old = new ArrayList<>();
            List<Member> cur = new ArrayList<>();
            for (Member m : keep) {
                (current(m) ? cur : old).add(m);
            }
            int pendingNew = 0;
            for (PendingProvision p : pending) {
                if (hash.equals(p.configHash())) {
                    pendingNew++;
                }
            }
            int room = ceiling - total();

            if (!updating) {
                int surplus = keep.size() + pending.size() - n;
                if (surplus > 0) {
                    // Destroy only what runs beyond the size; in-flight provisions are waited for, not raced.
                    int k = Math.min(surplus, Math.max(0, keep.size() - n));
                    for (Member m : sorted(keep, scaleDownOrder()).subList(0, k)) {
                        destroy(m, Action.Cause.SCALE_DOWN, "scale down to " + n);
                    }
                } else if (surplus < 0) {
                    provision(Math.min(-surplus, room), null, "scale up to " + n);
                }
                return;
            }

            // Rolling update (or a paused one): new members first within the surge, then old ones out
            // only while enough members stay healthy.
            int x;
            if (paused == null) {
                x = Math.min(room, n - (cur.size() + pendingNew));
            } else {
                x = Math.min(room, n - (cur.size() + old.size() + pending.size()));
            }
            int provisioned = provision(x, null, paused == null ? "rolling update to " + hash : "replace missing member");

            int available = 0;
            int newNotReady = 0;
            for (Member m : keep) {
                if (available(m)) {
                    available++;
                } else if (current(m)) {
                    newNotReady++;
                }
            }
            int budget = available - (n - policy.maxUnavailable());
            if (paused == null) {
                // Old members judged unhealthy serve nobody: they may go first, as long as the members
                // that are or may turn available (old ones, new ready ones) stay at size - maxUnavailable.
                // Otherwise an update could wait forever on old members that will never be healthy.
                int cleanup = keep.size() - newNotReady - (n - policy.maxUnavailable());
                List<Member> broken = new ArrayList<>();
                for (Member m : old) {
                    if (m.health() == Health.UNHEALTHY) {
                        broken.add(m);
                    }
                }
                broken.sort(byId());
                for (Member m : broken.subList(0, Math.max(0, Math.min(cleanup, broken.size())))) {
                    destroy(m, Action.Cause.ROLLING_UPDATE, "rolling update of an unhealthy member: config "
                            + m.configHash() + " -> " + hash);
                    old.remove(m);
                    keep.remove(m);
                }
            }
            int surplus = keep.size() + pending.size() + provisioned - n;
            int dOld;
            if (paused == null) {
                dOld = Math.min(old.size(), budget);
            } else {
                dOld = Math.min(old.size(), Math.min(budget, Math.max(0, surplus)));
            }
            dOld = Math.max(0, dOld);
            List<Member> oldOrdered = sorted(old, scaleDownOrder());
            for (Member m : oldOrdered.subList(0, dOld)) {
                destroy(m, Action.Cause.ROLLING_UPDATE, "rolling update: config " + m.configHash() + " -> " + hash);
            }
            // Current members beyond the size (the size went down during the update).
            int extraCur = Math.min(cur.size() + pendingNew - n, Math.min(budget - dOld, cur.size()));
            if (extraCur > 0) {
                for (Member m : sorted(cur, scaleDownOrder()).subList(0, extraCur)) {
                    destroy(m, Action.Cause.SCALE_DOWN, "scale down to " + n);
                }
            }
        }

        private void planQuorum(boolean updating) {
            List<String> ids = spec.logicalIds();
            Set<String> wanted = new HashSet<>(ids);
            Map<String, List<Member>> byId = new HashMap<>();
            Set<String> occupied = new HashSet<>();
            for (Member m : members) {
                if (m.logicalId() != null) {
                    occupied.add(m.logicalId());
                }
            }
            for (PendingProvision p : pending) {
                if (p.logicalId() != null) {
                    occupied.add(p.logicalId());
                }
            }
            for (Member m : keep()) {
                String lid = m.logicalId();
                if (lid == null || !wanted.contains(lid)) {
                    destroy(m, Action.Cause.NOT_IN_SPEC, lid == null ? "member has no logical ID; the group uses Allocation.LogicalIDs"
                            : "logical ID " + lid + " is no longer in Allocation.LogicalIDs");
                    continue;
                }
                byId.computeIfAbsent(lid, k -> new ArrayList<>()).add(m);
            }
            // One instance per logical ID: keep the best, destroy duplicates.
            for (Map.Entry<String, List<Member>> e : byId.entrySet()) {
                List<Member> list = e.getValue();
                if (list.size() > 1) {
                    List<Member> best = sorted(list, scaleDownOrder().reversed());
                    for (Member m : best.subList(1, best.size())) {
                        destroy(m, Action.Cause.NOT_IN_SPEC, "duplicate of logical ID " + e.getKey());
                    }
                }
            }
            // Missing logical IDs: provision once nothing (running, being destroyed, in flight) holds the ID.
            int room = ceiling - total();
            for (String lid : ids) {
                if (!occupied.contains(lid) && room > 0) {
                    room -= provision(1, lid, "logical ID " + lid + " has no instance");
                }
            }
            if (!updating || paused != null) {
                return;
            }
            List<Member> keep = keep();
            int available = 0;
            int newNotReady = 0;
            List<Member> old = new ArrayList<>();
            List<Member> broken = new ArrayList<>();
            for (Member m : keep) {
                if (available(m)) {
                    available++;
                } else if (current(m)) {
                    newNotReady++;
                }
                if (!current(m)) {
                    (m.health() == Health.UNHEALTHY ? broken : old).add(m);
                }
            }
            // As for scaled groups: unhealthy old pets go first, within size - maxUnavailable.
            int cleanup = keep.size() - newNotReady - (n - policy.maxUnavailable());
            broken.sort(byId());
            for (Member m : broken.subList(0, Math.max(0, Math.min(cleanup, broken.size())))) {
                destroy(m, Action.Cause.ROLLING_UPDATE, "rolling update of unhealthy logical ID " + m.logicalId()
                        + ": config " + m.configHash() + " -> " + hash);
            }
            int budget = available - (n - policy.maxUnavailable());
            int k = Math.max(0, Math.min(old.size(), budget));
            for (Member m : sorted(old, scaleDownOrder()).subList(0, k)) {
                destroy(m, Action.Cause.ROLLING_UPDATE, "rolling update of logical ID " + m.logicalId() + ": config " + m.configHash()
                        + " -> " + hash);
            }
        }

        /** Which member goes first: outdated, then unhealthy, unknown, healthy; then the newest; then by ID. */
        private Comparator<Member> scaleDownOrder() {
            return Comparator.<Member>comparingInt(m -> current(m) ? 1 : 0)
                    .thenComparingInt(m -> switch (m.health() == null ? Health.UNKNOWN : m.health()) {
                        case UNHEALTHY -> 0;
                        case UNKNOWN -> 1;
                        case HEALTHY -> 2;
                    })
                    .thenComparing(m -> m.since() == null ? Instant.MIN : m.since(), Comparator.reverseOrder())
                    .thenComparing(Member::id);
        }

        private static Comparator<Member> byId() {
            return Comparator.comparing(Member::id);
        }

        private static List<Member> sorted(List<Member> list, Comparator<Member> order) {
            List<Member> copy = new ArrayList<>(list);
            copy.sort(order);
            return copy;
        }

        private String message(boolean converged, int outdated, int unhealthy) {
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
                parts.add("provisioning backed off after " + state.provisionFailures() + " failures until "
                        + backoffUntil);
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
}
