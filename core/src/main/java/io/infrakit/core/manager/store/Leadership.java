package io.infrakit.core.manager.store;

import java.util.Optional;

/**
 * Decides which manager instance leads. Only the leader runs group controllers; followers
 * answer reads and forward commits to {@link #leaderLocation()}. Backends: {@code file} (an OS
 * file lock on one host) and {@code etcd} (a lease plus etcd's election API).
 */
public interface Leadership extends AutoCloseable {

    /**
     * Starts campaigning. {@code self} is where this manager listens (published when it leads, so
     * followers and the CLI can find it). Calls {@code listener} on every change of role.
     */
    void start(String self, Listener listener);

    boolean isLeader();

    /** Where the current leader listens, when known. */
    Optional<String> leaderLocation();

    /** Why this manager cannot even campaign (the lock cannot be taken at all), or empty. */
    default Optional<String> problem() {
        return Optional.empty();
    }

    @Override
    void close();

    /** Role changes. Called from the backend's thread; must return quickly. */
    interface Listener {
        void elected();

        void revoked();
    }
}
