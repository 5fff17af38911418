package io.infrakit.spi.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances a plugin is changing itself (provisioning, destroying) or has just removed. A
 * provider reports the stop and removal of those too, often after the plugin's call returned;
 * a watcher must not take them for losses. An instance stays "own" while its change is in
 * progress, and a removed one for a while after, until the provider's late events are surely in.
 */
public final class OwnChanges {

    private final Clock clock;
    private final Duration remember;
    private final int max;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Instant> removed = new LinkedHashMap<>(); // guarded by lock, oldest first

    /**
     * @param remember how long a removed instance's events are still ignored
     * @param max      at most this many removed instances are remembered (the oldest go first)
     */
    public OwnChanges(Clock clock, Duration remember, int max) {
        this.clock = clock;
        this.remember = remember;
        this.max = max;
    }

    /** The plugin starts changing {@code id}: its events are ignored until {@link #end}. */
    public void begin(String id) {
        inProgress.add(id);
    }

    /** The change of {@code id} is over (events count again, unless it was {@link #removed}). */
    public void end(String id) {
        inProgress.remove(id);
    }

    /** The plugin removed {@code id}: its events are ignored for a while yet. */
    public void removed(String id) {
        lock.lock();
        try {
            Instant now = clock.instant();
            removed.remove(id);
            removed.put(id, now);
            forgetOld(now);
        } finally {
            lock.unlock();
        }
    }

    /** Whether an event about {@code id} comes from the plugin's own doing. */
    public boolean isOwn(String id) {
        if (inProgress.contains(id)) {
            return true;
        }
        lock.lock();
        try {
            forgetOld(clock.instant());
            return removed.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    private void forgetOld(Instant now) {
        Instant horizon = now.minus(remember);
        var it = removed.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (removed.size() > max || e.getValue().isBefore(horizon)) {
                it.remove();
            } else {
                break; // insertion order is time order: the rest are newer
            }
        }
    }
}
