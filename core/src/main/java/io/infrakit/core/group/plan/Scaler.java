package io.infrakit.core.group.plan;

import io.infrakit.spi.flavor.Health;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan of a scaled group ({@code Allocation.Size}): scale up or down to the size, or roll: new
 * members first within the surge, then old ones out only while enough members stay healthy, and
 * never further than the canary or checkpoint allows ({@link RolloutGate}). Protected members hold
 * their place (they count toward the size and are never destroyed); standby members are not seen here.
 */
final class Scaler {

    private Scaler() {
    }

    static void plan(PlanningPass pass, boolean updating) {
        List<Member> keep = pass.keep();
        List<Member> old = new ArrayList<>();
        List<Member> cur = new ArrayList<>();
        int pinned = 0;
        for (Member m : keep) {
            if (m.isProtected()) {
                pinned++;
            }
            // A protected member holds its slot whatever its config: it counts with the current ones.
            (pass.replaceable(m) ? old : cur).add(m);
        }
        int pendingNew = 0;
        for (PendingProvision p : pass.pending) {
            if (pass.hash.equals(p.configHash())) {
                pendingNew++;
            }
        }
        int room = pass.ceiling - pass.total();

        if (!updating) {
            int surplus = keep.size() + pass.pending.size() - pass.n;
            if (surplus > 0) {
                // Destroy only what runs beyond the size; in-flight provisions are waited for, not raced.
                int k = Math.min(surplus, Math.max(0, keep.size() - pass.n));
                // One batch now (each stop or destroy takes one place in it); the rest in the next passes.
                k = pass.batch.cap(k);
                for (Member m : pass.pickToRemove(keep, k)) {
                    // Back to the warm pool while it has room; otherwise gone.
                    if (!WarmPoolPlan.stop(pass, m)) {
                        pass.destroy(m, Action.Cause.SCALE_DOWN, "scale down to " + pass.n);
                    }
                }
            } else if (surplus < 0) {
                int want = Math.min(-surplus, room);
                // The pool first: a stopped member starts faster than a new one is provisioned.
                int fromPool = WarmPoolPlan.start(pass, want);
                pass.provision(want - fromPool, null, "scale up to " + pass.n);
            }
            return;
        }

        // The new config may take this many members now (canary, checkpoint); the rest stay old.
        int slots = Math.max(0, pass.n - pinned);
        int allowedNew = Math.min(slots, pass.gate.limit());
        int freshNow = cur.size() - pinned + pendingNew;
        // Old members that must stay until the gate opens further.
        int oldFloor = Math.max(0, slots - allowedNew);

        // Rolling update (or a paused one): new members first within the surge, then old ones out
        // only while enough members stay healthy.
        int x;
        if (pass.paused == null) {
            x = Math.min(room, Math.min(pass.n - (cur.size() + pendingNew), allowedNew - freshNow));
            // Whatever the gate says, a group below its size is filled (with the config it has).
            int missing = pass.n - (keep.size() + pass.pending.size());
            x = Math.max(x, Math.min(room, missing));
        } else {
            x = Math.min(room, pass.n - (cur.size() + old.size() + pass.pending.size()));
        }
        String why = pass.paused == null ? "rolling update to " + pass.hash : "replace missing member";
        int provisioned = pass.provision(x, null, why);

        int available = 0;
        int newNotReady = 0;
        for (Member m : keep) {
            if (pass.available(m)) {
                available++;
            } else if (pass.current(m)) {
                newNotReady++;
            }
        }
        int budget = available - (pass.n - pass.policy.maxUnavailable());
        int oldRemovable = Math.max(0, old.size() - oldFloor);
        if (pass.paused == null) {
            // Old members judged unhealthy serve nobody: they may go first, as long as the members
            // that are or may turn available (old ones, new ready ones) stay at size - maxUnavailable.
            // Otherwise an update could wait forever on old members that will never be healthy.
            int cleanup = keep.size() - newNotReady - (pass.n - pass.policy.maxUnavailable());
            List<Member> broken = new ArrayList<>();
            for (Member m : old) {
                if (m.health() == Health.UNHEALTHY) {
                    broken.add(m);
                }
            }
            broken.sort(PlanningPass.byId());
            int k = pass.batch.cap(Math.max(0, Math.min(Math.min(cleanup, oldRemovable), broken.size())));
            for (Member m : broken.subList(0, k)) {
                pass.destroy(m, Action.Cause.ROLLING_UPDATE, "rolling update of an unhealthy member: config "
                        + m.configHash() + " -> " + pass.hash);
                old.remove(m);
                keep.remove(m);
            }
            oldRemovable -= k;
        }
        int surplus = keep.size() + pass.pending.size() + provisioned - pass.n;
        int dOld;
        if (pass.paused == null) {
            dOld = Math.min(old.size(), budget);
        } else {
            dOld = Math.min(old.size(), Math.min(budget, Math.max(0, surplus)));
        }
        dOld = pass.batch.cap(Math.max(0, Math.min(dOld, oldRemovable)));
        List<Member> oldOrdered = PlanningPass.sorted(old, pass.scaleDownOrder());
        for (Member m : oldOrdered.subList(0, dOld)) {
            pass.destroy(m, Action.Cause.ROLLING_UPDATE, pass.current(m)
                    ? "member older than Policy.MaxLifetime: replaced"
                    : "rolling update: config " + m.configHash() + " -> " + pass.hash);
        }
        // Current members beyond the size (the size went down during the update).
        List<Member> unpinned = cur.stream().filter(m -> !m.isProtected()).toList();
        int extraCur = Math.min(cur.size() + pendingNew - pass.n, Math.min(budget - dOld, unpinned.size()));
        if (extraCur > 0) {
            extraCur = pass.batch.cap(extraCur);
            for (Member m : pass.pickToRemove(unpinned, extraCur)) {
                pass.destroy(m, Action.Cause.SCALE_DOWN, "scale down to " + pass.n);
            }
        }
    }
}
