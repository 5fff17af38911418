package io.infrakit.spi.metadata;

import io.infrakit.spi.PluginException;

/** A compare-and-swap write lost: the value at the path had another version than expected. */
public final class VarConflictException extends PluginException {
    public VarConflictException(String path, long expected, long actual) {
        super("key '" + path + "' is at version " + actual + ", not the expected " + expected
                + (actual == 0 ? " (it is not set)" : "") + ": another writer changed it; read it again and retry");
    }
}
