package io.infrakit.core.manager.store;

import io.infrakit.spi.group.GroupSpec;

import java.util.List;
import java.util.Optional;

/**
 * Where the manager keeps committed group specs. A commit is durable when it returns; every
 * commit keeps the previous version (for rollback). Backends: {@code file} (one host) and
 * {@code etcd} (many hosts).
 */
public interface SpecStore extends AutoCloseable {

    /** Version to pass to {@link #commit} when the caller does not care what is stored. */
    long ANY_VERSION = -1;
    /** Version to pass to {@link #commit} when the group must not exist yet. */
    long NO_VERSION = 0;

    /** The latest version of every group, ordered by ID. */
    List<StoredSpec> list();

    /**
     * The latest version of one group.
     *
     * @throws DamagedGroupException when its newest version cannot be trusted
     */
    Optional<StoredSpec> get(String id);

    /**
     * Stored versions that cannot be trusted (truncated, edited, lying about their version or
     * group). A group whose newest version is among them is left out of {@link #list}.
     */
    default List<StoreDamage> damage() {
        return List.of();
    }

    /** Every kept readable version of one group, newest first. */
    List<StoredSpec> history(String id);

    /**
     * Stores {@code spec} as the group's next version, if the stored version still equals
     * {@code expectedVersion} (or it is {@link #ANY_VERSION}); otherwise throws {@link SpecConflictException}.
     * A group whose newest version is damaged takes a commit only when {@code expectedVersion} names
     * that version (a restore the user asked for); otherwise {@link DamagedGroupException}.
     */
    StoredSpec commit(GroupSpec spec, long expectedVersion);

    /** Forgets the group (all versions). Returns false when it was not stored. */
    boolean remove(String id);

    @Override
    default void close() {
    }
}
