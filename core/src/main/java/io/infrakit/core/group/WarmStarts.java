package io.infrakit.core.group;

import java.util.HashSet;
import java.util.Set;

/**
 * Warm pool members being started (Policy.WarmPool): they count as serving from the moment their start
 * was issued, before their mark changes. Its own monitor, held briefly; it calls nothing.
 */
final class WarmStarts {

    private final Set<String> starting = new HashSet<>();

    synchronized void begin(String instanceId) {
        starting.add(instanceId);
    }

    synchronized void done(String instanceId) {
        starting.remove(instanceId);
    }

    synchronized boolean contains(String instanceId) {
        return starting.contains(instanceId);
    }
}
