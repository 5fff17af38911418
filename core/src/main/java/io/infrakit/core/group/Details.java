package io.infrakit.core.group;

import io.infrakit.core.group.plan.GroupConfig;
/**
 * The human text CommitGroup returns, in InfraKit's wording ("Managing 3 instances", "Performing a
 * rolling update on 2 instances, then adding 1 instances to increase the group size to 3").
 */
public final class Details {

    private Details() {
    }

    /** A group committed for the first time (or again after FreeGroup). */
    public static String managing(GroupConfig cfg) {
        return "Managing " + cfg.desired() + " instances";
    }

    /**
     * A change of a managed group. {@code undesired} is how many members run another config hash
     * (the rolling update's size), {@code paused} whether an update is paused and {@code held} whether
     * replacement of unhealthy members is held back (a commit resumes both).
     */
    public static String change(GroupConfig old, GroupConfig next, int undesired, boolean paused, boolean held) {
        int sizeChange = next.desired() - old.desired();
        boolean sameConfig = old.configHash().equals(next.configHash());
        String resize = sizeChange > 0
                ? "adding " + sizeChange + " instances to increase the group size to " + next.desired()
                : "terminating " + (-sizeChange) + " instances to reduce the group size to " + next.desired();
        if (sameConfig) {
            if (sizeChange == 0 && !old.logicalIds().equals(next.logicalIds())) {
                return "Changing the logical IDs to " + next.logicalIds() + " without a rolling update";
            }
            if (sizeChange != 0) {
                return capitalize(resize);
            }
            if (paused) {
                return "Resuming the paused rolling update";
            }
            if (held) {
                return "Resuming the replacement of unhealthy members";
            }
            if (!old.properties().equals(next.properties())) {
                return "Changing the group's update settings; no instance changes";
            }
            return "Noop";
        }
        String rolling = "performing a rolling update on " + undesired + " instances" + rollout(next);
        if (sizeChange > 0) {
            return capitalize(rolling) + ", then " + resize;
        }
        if (sizeChange < 0) {
            return capitalize(resize) + ", then " + rolling;
        }
        return capitalize(rolling);
    }

    /** How the update will go when Policy.Update says more than one rolling update: for plan and commit. */
    static String rollout(GroupConfig cfg) {
        io.infrakit.core.group.plan.GroupPolicy.Rollout r = cfg.policy().rollout();
        StringBuilder b = new StringBuilder();
        if (r.canary() > 0) {
            b.append(", ").append(r.canary()).append(" of them as a canary until infrakit group promote ").append(cfg.id());
        }
        if (!r.checkpoints().isEmpty()) {
            b.append(", in phases ").append(r.checkpoints().stream().map(c -> c + "%")
                    .collect(java.util.stream.Collectors.joining(", ")));
            if (!r.bakeTime().isZero() || !r.checkpointDelay().isZero()) {
                b.append(" (each held ").append(io.infrakit.spi.GoDuration.format(r.bakeTime().plus(r.checkpointDelay())))
                        .append(" once healthy)");
            }
        } else if (!r.bakeTime().isZero()) {
            b.append(", each batch baked ").append(io.infrakit.spi.GoDuration.format(r.bakeTime()));
        }
        if (r.autoRollback()) {
            b.append(", rolled back by itself if new members are not healthy within ")
                    .append(io.infrakit.spi.GoDuration.format(cfg.policy().healthyTimeout()));
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
