package io.infrakit.core.manager.store;

import io.infrakit.spi.PluginException;

/** A compare-and-swap commit lost: someone else committed the group first. */
public class SpecConflictException extends PluginException {
    public SpecConflictException(String id, long expected, long actual) {
        super("group '" + id + "' changed while committing (expected version " + expected
                + ", found " + actual + "); read it again and retry");
    }
}
