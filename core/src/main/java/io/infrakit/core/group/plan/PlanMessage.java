package io.infrakit.core.group.plan;

import io.infrakit.spi.GoDuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plan's one-line status message: what a pass decided, in words for `group describe` and the events. */
final class PlanMessage {

    private PlanMessage() {
    }

    static String of(PlanningPass p, boolean converged, int outdated, int unhealthy) {
        String pool = p.spec.quorum() || !p.policy.warmPool().enabled() ? "" : "; warm pool: " + p.warm.size() + " of "
                + p.policy.warmPool().size() + " stopped" + (p.pendingWarm.isEmpty() ? "" : ", " + p.pendingWarm.size() + " preparing");
        if (converged) {
            return "converged: " + p.n + " of " + p.n + " members" + pool;
        }
        List<String> parts = new ArrayList<>();
        if (p.rollback != null) {
            parts.add("rolling back: " + p.rollback);
        } else if (outdated > 0) {
            parts.add((p.paused != null ? "rolling update paused: " + p.paused : p.gate.text() != null ? p.gate.text()
                    + "; " + outdated + " of " + p.active.size() + " members outdated" : "rolling update: " + outdated
                    + " of " + p.active.size() + " members outdated"));
        } else if (p.expiredCount() > 0) {
            parts.add("replacing " + p.expiredCount() + " members older than Policy.MaxLifetime "
                    + GoDuration.format(p.policy.maxLifetime()));
        }
        if (p.remediationStopped != null) {
            parts.add("remediation stopped: " + p.remediationStopped);
        }
        if (p.blockedByBackoff || p.backoffUntil != null) {
            parts.add("provisioning backed off after " + p.state.provisionFailures() + " failures in "
                    + p.state.failedAttempts() + (p.state.failedAttempts() == 1 ? " attempt" : " attempts")
                    + " until " + p.backoffUntil);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("provision", p.actions.stream().filter(a -> a instanceof Action.Provision).count());
        counts.put("destroy", p.actions.stream().filter(a -> a instanceof Action.Destroy).count());
        long fromPool = p.actions.stream().filter(a -> a instanceof Action.Start).count();
        long toPool = p.actions.stream().filter(a -> a instanceof Action.Stop).count();
        long prepare = p.actions.stream().filter(a -> a instanceof Action.Prepare).count();
        if (parts.isEmpty()) {
            parts.add("converging: " + p.active.size() + " running, " + p.pending.size() + " provisioning, "
                    + p.destroying.size() + " destroying, " + p.n + " wanted"
                    + (unhealthy > 0 ? ", " + unhealthy + " unhealthy" : ""));
        }
        if (counts.get("provision") > 0 || counts.get("destroy") > 0) {
            parts.add("now: " + counts.get("provision") + " to provision, " + counts.get("destroy") + " to destroy");
        }
        if (fromPool + toPool + prepare > 0) {
            parts.add("warm pool: " + fromPool + " to start, " + toPool + " to stop into it, " + prepare + " to prepare");
        }
        if (p.batch.limited()) {
            // A group far from its size converges batch by batch: say so, or "32 to provision" looks like all of it.
            parts.add("in batches of " + p.batch.size() + " (group.batch): the rest follows as calls return");
        }
        return String.join("; ", parts) + pool;
    }
}
