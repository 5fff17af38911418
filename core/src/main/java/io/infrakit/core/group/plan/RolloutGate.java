package io.infrakit.core.group.plan;

import io.infrakit.spi.GoDuration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a config change may go now (Policy.Update): a canary holds at its size until promoted;
 * checkpoints hold at each percentage until that many new members have been ready (healthy for
 * BakeTime, and Updating's Count/Duration) for CheckpointDelay more. Pure: it reads the members'
 * health times and {@code now}, so a restarted controller finds the same phase.
 *
 * <p>A checkpoint is passed when its {@code c}-th ready member turned ready at least CheckpointDelay
 * ago: the {@code c}-th earliest, so members joining later never send the update back a phase.
 *
 * @param limit   members allowed on the new config (in flight included); {@link Integer#MAX_VALUE}: no limit
 * @param phase   index of the checkpoint worked towards or held at; -1 without checkpoints
 * @param holding the update holds: a checkpoint is reached and baking, or a canary waits for promote
 * @param text    one line for people, or null
 */
record RolloutGate(int limit, int phase, boolean holding, String text) {

    static final RolloutGate OPEN = new RolloutGate(Integer.MAX_VALUE, -1, false, null);

    /**
     * @param slots members the new config may take: the size minus protected members
     * @param ready when each fresh new member turned ready, for those that are
     * @param fresh fresh new members (ready or not) plus provisions of the new config in flight
     */
    static RolloutGate of(GroupPolicy.Rollout r, ControllerState state, int slots, List<Instant> ready, int fresh,
                          Instant now, String hash, String groupId) {
        if (state.rollback() != null) {
            return OPEN; // a rollback rolls at once: it undoes a change that already failed
        }
        List<Instant> sorted = new ArrayList<>(ready);
        sorted.sort(null);
        if (r.canary() > 0 && !state.promoted()) {
            int limit = Math.min(r.canary(), slots);
            boolean reached = sorted.size() >= limit;
            String text = "canary: " + Math.min(fresh, limit) + " of " + slots + " members on config " + hash + " ("
                    + sorted.size() + " ready); " + (reached ? "waiting for infrakit group promote " + groupId
                    + " (or abort)" : "waiting for the canary to turn healthy");
            return new RolloutGate(limit, -1, reached, text);
        }
        List<Integer> checkpoints = new ArrayList<>(r.checkpoints());
        if (checkpoints.isEmpty()) {
            return OPEN;
        }
        if (checkpoints.get(checkpoints.size() - 1) < 100) {
            checkpoints.add(100);
        }
        for (int k = 0; k < checkpoints.size(); k++) {
            int c = Math.max(slots > 0 ? 1 : 0, GroupPolicy.Rollout.count(checkpoints.get(k), slots));
            String where = "checkpoint " + (k + 1) + " of " + checkpoints.size() + " (" + checkpoints.get(k) + "%, "
                    + c + (c == 1 ? " member" : " members") + ")";
            if (c >= slots) {
                return new RolloutGate(Integer.MAX_VALUE, k, false, "phased update: " + where + ", " + sorted.size()
                        + " of " + slots + " ready");
            }
            if (sorted.size() >= c) {
                Instant passAt = sorted.get(c - 1).plus(r.checkpointDelay());
                if (!now.isBefore(passAt)) {
                    continue;
                }
                return new RolloutGate(c, k, true, "phased update: at " + where + ", baked; going on at " + passAt
                        + (r.checkpointDelay().isZero() ? "" : " (CheckpointDelay " + GoDuration.format(r.checkpointDelay()) + ")"));
            }
            return new RolloutGate(c, k, false, "phased update: towards " + where + ", " + sorted.size() + " of " + c
                    + " ready" + (r.bakeTime().isZero() ? "" : " (healthy for BakeTime " + GoDuration.format(r.bakeTime()) + ")"));
        }
        return OPEN;
    }
}
