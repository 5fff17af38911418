package io.infrakit.core.group;

/**
 * Where an automatic rollback (or an aborted canary) commits the previous version of a group. The
 * manager's store is the one that outlives a restart: when the manager runs in this JVM it registers
 * itself ({@link GroupControllerPlugin#rollbacksVia}); otherwise the controller goes back to the
 * config it had before, in memory.
 */
public interface Rollbacks {

    /**
     * Commits again the version before the config with {@code failedHash}, having told the controller
     * ({@link GroupControllerPlugin#expectRollback}) that it is a rollback for {@code reason}. Returns
     * what was committed, for the event, or null when no earlier version is kept here.
     */
    String rollBack(String group, String failedHash, String reason);
}
