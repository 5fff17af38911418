package io.infrakit.spi.instance;

import java.util.Map;

/**
 * A change a provider noticed by itself (a container died, a VM crashed), pushed to whoever
 * watches so that healing need not wait for the next poll.
 */
public record InstanceChange(Kind kind, String instanceId, Map<String, String> tags, String detail) {
    public enum Kind {
        /** The instance is gone or stopped for good: it should be replaced. */
        LOST,
        /** The instance changed (state, tags); observe again. */
        CHANGED
    }
}
