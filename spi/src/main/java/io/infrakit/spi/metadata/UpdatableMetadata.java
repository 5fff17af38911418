package io.infrakit.spi.metadata;

/** {@link Metadata} that can be written: compare-and-swap on each value's version. */
public interface UpdatableMetadata extends Metadata {

    /** {@link #put} expectation: write whatever is there. */
    long ANY_VERSION = -1;
    /** {@link #put} expectation: the path must not have a value yet. */
    long NO_VERSION = 0;

    /**
     * Sets {@code path} to {@code value} if its current version equals {@code expectedVersion}
     * ({@link #ANY_VERSION} for any, {@link #NO_VERSION} for "not set yet"), and returns the new
     * version. Otherwise throws {@link VarConflictException}, changing nothing.
     */
    long put(String path, String value, long expectedVersion);

    /** Removes the value at {@code path}; false when there was none. */
    boolean remove(String path);
}
