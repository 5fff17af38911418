package io.infrakit.core.group.plan;

import io.infrakit.spi.flavor.Health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan of a quorum group ({@code Allocation.LogicalIDs}): one instance per logical ID, missing IDs
 * provisioned, strays and duplicates destroyed, and a rolling update one pet at a time within
 * size - maxUnavailable.
 */
final class Quorum {

    private Quorum() {
    }

    static void plan(PlanningPass pass, boolean updating) {
        List<String> ids = pass.spec.logicalIds();
        Set<String> wanted = new HashSet<>(ids);
        Map<String, List<Member>> byId = new HashMap<>();
        Set<String> occupied = new HashSet<>();
        for (Member m : pass.members) {
            if (m.logicalId() != null) {
                occupied.add(m.logicalId());
            }
        }
        for (PendingProvision p : pass.pending) {
            if (p.logicalId() != null) {
                occupied.add(p.logicalId());
            }
        }
        for (Member m : pass.keep()) {
            String lid = m.logicalId();
            if (lid == null || !wanted.contains(lid)) {
                pass.destroy(m, Action.Cause.NOT_IN_SPEC, lid == null ? "member has no logical ID; the group uses Allocation.LogicalIDs"
                        : "logical ID " + lid + " is no longer in Allocation.LogicalIDs");
                continue;
            }
            byId.computeIfAbsent(lid, k -> new ArrayList<>()).add(m);
        }
        // One instance per logical ID: keep the best, destroy duplicates.
        for (Map.Entry<String, List<Member>> e : byId.entrySet()) {
            List<Member> list = e.getValue();
            if (list.size() > 1) {
                List<Member> best = PlanningPass.sorted(list, pass.scaleDownOrder().reversed());
                for (Member m : best.subList(1, best.size())) {
                    pass.destroy(m, Action.Cause.NOT_IN_SPEC, "duplicate of logical ID " + e.getKey());
                }
            }
        }
        // Missing logical IDs: provision once nothing (running, being destroyed, in flight) holds the ID.
        int room = pass.ceiling - pass.total();
        for (String lid : ids) {
            if (!occupied.contains(lid) && room > 0) {
                int got = pass.provision(1, lid, "logical ID " + lid + " has no instance");
                if (got == 0 && pass.batch.left() == 0) {
                    break; // the batch is full: the other IDs wait for the next passes
                }
                room -= got;
            }
        }
        if (!updating || pass.paused != null) {
            return;
        }
        List<Member> keep = pass.keep();
        int available = 0;
        int newNotReady = 0;
        List<Member> old = new ArrayList<>();
        List<Member> broken = new ArrayList<>();
        for (Member m : keep) {
            if (pass.available(m)) {
                available++;
            } else if (pass.current(m)) {
                newNotReady++;
            }
            if (pass.replaceable(m)) {
                (m.health() == Health.UNHEALTHY ? broken : old).add(m);
            }
        }
        // The canary or checkpoint holds this many pets on their old config.
        int pinned = (int) keep.stream().filter(Member::isProtected).count();
        int slots = Math.max(0, pass.n - pinned);
        int oldFloor = Math.max(0, slots - Math.min(slots, pass.gate.limit()));
        int removable = Math.max(0, broken.size() + old.size() - oldFloor);
        // As for scaled groups: unhealthy old pets go first, within size - maxUnavailable.
        int cleanup = keep.size() - newNotReady - (pass.n - pass.policy.maxUnavailable());
        broken.sort(PlanningPass.byId());
        int kBroken = pass.batch.cap(Math.max(0, Math.min(Math.min(cleanup, removable), broken.size())));
        removable -= kBroken;
        for (Member m : broken.subList(0, kBroken)) {
            pass.destroy(m, Action.Cause.ROLLING_UPDATE, "rolling update of unhealthy logical ID " + m.logicalId()
                    + ": config " + m.configHash() + " -> " + pass.hash);
        }
        int budget = available - (pass.n - pass.policy.maxUnavailable());
        int k = pass.batch.cap(Math.max(0, Math.min(Math.min(old.size(), budget), removable)));
        for (Member m : PlanningPass.sorted(old, pass.scaleDownOrder()).subList(0, k)) {
            pass.destroy(m, Action.Cause.ROLLING_UPDATE, pass.current(m)
                    ? "logical ID " + m.logicalId() + " older than Policy.MaxLifetime: replaced"
                    : "rolling update of logical ID " + m.logicalId() + ": config " + m.configHash() + " -> " + pass.hash);
        }
    }
}
