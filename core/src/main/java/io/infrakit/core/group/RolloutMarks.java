package io.infrakit.core.group;

import io.infrakit.core.group.plan.ControllerState;

/**
 * What a group's rollout remembers between configs: which config hash is a rollback (and why), a rollback
 * asked for that has not arrived yet, the config whose canary was promoted, and the config whose automatic
 * rollback was already asked for. Kept beside the {@link InFlight} ledger; its own monitor, held briefly.
 */
final class RolloutMarks {

    /** The config hash that is a rollback, and why (a rollback is never rolled back). */
    private String rollbackHash;
    private String rollbackReason;
    /** A rollback asked for and not arrived yet: the config hash it will bring, and why. */
    private String expectedRollbackHash;
    private String expectedRollbackReason;
    /** The config hash whose canary was promoted. */
    private String promotedHash;
    /** The config hash whose automatic rollback was asked for (once per failed config). */
    private String rollbackRequestedFor;

    /** The planner's state for a group whose config has {@code hash}: with its rollback and canary marks. */
    synchronized ControllerState applyTo(ControllerState state, String hash) {
        return state.withRollout(hash.equals(rollbackHash) ? rollbackReason : null, hash.equals(promotedHash));
    }

    /** The next config with {@code hash} that arrives is a rollback, for {@code reason}. */
    synchronized void expectRollback(String hash, String reason) {
        expectedRollbackHash = hash;
        expectedRollbackReason = reason;
    }

    /** A config with another hash arrived: it is the expected rollback, or a new change that clears the marks. */
    synchronized void configChanged(String hash) {
        if (hash.equals(expectedRollbackHash)) {
            rollbackHash = hash;
            rollbackReason = expectedRollbackReason;
        } else {
            rollbackHash = null;
            rollbackReason = null;
        }
        expectedRollbackHash = null;
        expectedRollbackReason = null;
        rollbackRequestedFor = null;
    }

    /** True the first time a rollback of the config {@code hash} is asked for. */
    synchronized boolean requestRollback(String hash) {
        if (hash.equals(rollbackRequestedFor)) {
            return false;
        }
        rollbackRequestedFor = hash;
        return true;
    }

    synchronized void promote(String hash) {
        promotedHash = hash;
    }

    synchronized String rollbackReason(String hash) {
        return hash.equals(rollbackHash) ? rollbackReason : null;
    }
}
