package io.infrakit.core.group.plan;

import io.infrakit.spi.flavor.Health;

import java.util.ArrayList;
import java.util.List;

/**
 * The warm pool's part of a plan (Policy.WarmPool), for a scaled group: scale-up starts pool members
 * before provisioning new ones, scale-in stops members into the pool while it is below its size, and
 * the pool is refilled (at most MaxPrepared provisions into it at once). Pool members never count as
 * serving: they are outside the size, the health verdicts and remediation. The serving members and
 * in-flight provisions stay within size + maxSurge as before; the pool and its in-flight provisions
 * stay within WarmPool.Size, so everything together stays within size + maxSurge + WarmPool.Size.
 */
final class WarmPoolPlan {

    private WarmPoolPlan() {
    }

    private static boolean enabled(PlanningPass pass) {
        return !pass.spec.quorum() && pass.policy.warmPool().enabled();
    }

    /** Pool members and provisions into it, counting this pass's stops and starts; none being destroyed. */
    static int poolCount(PlanningPass pass) {
        return occupied(pass) - leaving(pass);
    }

    /**
     * The pool's places taken: its members (a member being destroyed holds its place until it is gone,
     * as a destroy in flight does for the size), provisions into it, and this pass's stops.
     */
    static int occupied(PlanningPass pass) {
        int c = pass.pendingWarm.size() + pass.stopped.size();
        for (Member m : pass.warm) {
            if (!pass.started.contains(m.id())) {
                c++;
            }
        }
        return c;
    }

    private static int leaving(PlanningPass pass) {
        int c = 0;
        for (Member m : pass.warm) {
            if (!pass.started.contains(m.id())
                    && (pass.destroyed.contains(m.id()) || pass.state.destroys().containsKey(m.id()))) {
                c++;
            }
        }
        return c;
    }

    /** Starts up to {@code want} pool members on the current config; returns how many. */
    static int start(PlanningPass pass, int want) {
        if (!enabled(pass) || want <= 0) {
            return 0;
        }
        List<Member> ready = new ArrayList<>();
        for (Member m : pass.warm) {
            if (pass.current(m) && !pass.started.contains(m.id()) && !pass.destroyed.contains(m.id())
                    && !pass.state.destroys().containsKey(m.id())) {
                ready.add(m);
            }
        }
        ready.sort(PlanningPass.byId());
        int k = pass.batch.take(Math.min(want, ready.size()));
        for (Member m : ready.subList(0, k)) {
            pass.actions.add(new Action.Start(m.id(), "scale up to " + pass.n + " from the warm pool"));
            pass.started.add(m.id());
        }
        return k;
    }

    /**
     * Returns {@code m} to the pool instead of destroying it, when the pool has room and the member is
     * worth keeping (current config, not unhealthy). False: destroy it.
     */
    static boolean stop(PlanningPass pass, Member m) {
        if (!enabled(pass) || m.isProtected() || !pass.current(m) || m.health() == Health.UNHEALTHY
                || occupied(pass) >= pass.policy.warmPool().size() || !pass.batch.takeOne()) {
            return false;
        }
        pass.actions.add(new Action.Stop(m.id(), "scale down to " + pass.n + " into the warm pool"));
        pass.stopped.add(m.id());
        return true;
    }

    /** Drops what the pool should not hold: members of an old config, above its size, or of a pool no longer in the spec. */
    static void prune(PlanningPass pass) {
        int size = enabled(pass) ? pass.policy.warmPool().size() : 0;
        List<Member> keep = new ArrayList<>();
        for (Member m : PlanningPass.sorted(pass.warm, PlanningPass.byId())) {
            if (pass.started.contains(m.id()) || pass.destroyed.contains(m.id())
                    || pass.state.destroys().containsKey(m.id())) {
                continue;
            }
            if (size == 0) {
                pass.destroy(m, Action.Cause.SCALE_DOWN, "no warm pool in the spec");
            } else if (!pass.current(m)) {
                pass.destroy(m, Action.Cause.ROLLING_UPDATE, "warm pool member on config " + m.configHash()
                        + ", not " + pass.hash);
            } else {
                keep.add(m);
            }
        }
        // Only visible members beyond the size: a provision into the pool may already be listed before its
        // call returns (Docker lists a container during its Init), and must not be counted twice here.
        int surplus = keep.size() - size;
        for (int i = keep.size() - 1; i >= 0 && surplus > 0; i--, surplus--) {
            pass.destroy(keep.get(i), Action.Cause.SCALE_DOWN, "warm pool shrinks to " + size);
        }
    }

    /** Refills the pool up to its size, at most MaxPrepared provisions into it at once. */
    static void refill(PlanningPass pass) {
        int size = enabled(pass) ? pass.policy.warmPool().size() : 0;
        if (size == 0 || pass.paused != null || pass.backoffUntil != null) {
            // A paused update's config is suspect, and a backoff holds every provision.
            return;
        }
        int deficit = size - occupied(pass);
        if (pass.policy.maxInstances() > 0) {
            // The pool's members are instances too: MaxInstances caps them with the serving ones.
            // (with what this pass provisions, and the pool members it starts).
            long added = pass.actions.stream().filter(a -> a instanceof Action.Provision).count() + pass.started.size();
            deficit = (int) Math.min(deficit, pass.policy.maxInstances() - pass.total() - added - occupied(pass));
        }
        int preparing = Math.max(1, pass.policy.warmPool().maxPrepared()) - pass.pendingWarm.size();
        int prepare = pass.batch.take(Math.min(deficit, preparing));
        for (int i = 0; i < prepare; i++) {
            pass.actions.add(new Action.Prepare("refill the warm pool to " + size));
        }
    }
}
