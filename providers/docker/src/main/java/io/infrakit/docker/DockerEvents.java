package io.infrakit.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.ChangeListeners;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.OwnChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Turns the engine's container events into instance changes for whoever watches: a container
 * that died (and will not be restarted by its policy) or was removed is lost; an OOM or a signal
 * is a change. Containers this plugin removes itself are remembered (see {@link OwnChanges}), so
 * their die and destroy events are not reported as losses.
 */
final class DockerEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerEvents.class);
    /** Event attributes that are not container labels. */
    private static final Set<String> EVENT_ATTRIBUTES = Set.of("image", "name", "exitCode", "signal");
    /** Enough recent IDs to outlast the events of any burst of removals. */
    private static final int REMEMBERED = 4096;
    /** How long a removed container's late events are still taken for ours. */
    private static final Duration REMEMBER_REMOVED = Duration.ofMinutes(2);

    private final DockerEngine engine;
    private final LabelOverlay overlay;
    /** Containers this plugin is removing or removed: their die/destroy events are not losses. */
    private final OwnChanges own = new OwnChanges(Clock.systemUTC(), REMEMBER_REMOVED, REMEMBERED);
    private final ChangeListeners listeners = new ChangeListeners(
            (change, e) -> log.warn("instance change listener failed on {}: {}", change, e.toString()));
    /** Losses already reported (a die and then a destroy are one loss). */
    private final Set<String> reportedLost = recentIds();
    /** Opening and closing the stream are engine calls: a lock, not a monitor, around them. */
    private final ReentrantLock subscription = new ReentrantLock();
    private EventWatcher watcher; // guarded by subscription; open while someone watches

    DockerEvents(DockerEngine engine, LabelOverlay overlay) {
        this.engine = engine;
        this.overlay = overlay;
    }

    /**
     * Runs {@code removal} of a container of ours: its die and destroy events, during the removal
     * and for a while after, are ours, not losses.
     */
    void removing(String containerId, Runnable removal) {
        own.begin(containerId);
        try {
            removal.run();
        } finally {
            own.removed(containerId);
            own.end(containerId);
        }
    }

    /**
     * Hands each change to {@code listener} until the handle is closed; returns once the event
     * stream is open. One stream serves every watcher; it is closed with the last one.
     */
    AutoCloseable watch(Consumer<InstanceChange> listener) {
        EventWatcher opened;
        subscription.lock();
        try {
            listeners.add(listener);
            if (watcher == null) {
                watcher = new EventWatcher(engine, this::onEvent).start();
            }
            opened = watcher;
        } finally {
            subscription.unlock();
        }
        try {
            // Return once the stream is open, so a caller's next action is sure to be seen.
            opened.awaitConnected(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return () -> unwatch(listener);
    }

    private void unwatch(Consumer<InstanceChange> listener) {
        subscription.lock();
        try {
            listeners.remove(listener);
            if (listeners.isEmpty() && watcher != null) {
                watcher.close();
                watcher = null;
            }
        } finally {
            subscription.unlock();
        }
    }

    private void onEvent(Event event) {
        changeFor(event).ifPresent(change -> {
            if (change.kind() == InstanceChange.Kind.LOST && !reportedLost.add(change.instanceId())) {
                return; // die then destroy (AutoRemove): one loss
            }
            log.info("container {} {}: {} group={}", DockerInstancePlugin.shortId(change.instanceId()), change.kind(),
                    change.detail(), change.tags() == null ? null : change.tags().get(Tags.GROUP));
            listeners.notify(change);
        });
    }

    /** What an engine event means for the group controller, if anything. */
    Optional<InstanceChange> changeFor(Event event) {
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        if (id == null || own.isOwn(id)) {
            return Optional.empty();
        }
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        Map<String, String> tags = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (!EVENT_ATTRIBUTES.contains(k)) {
                tags.put(k, v);
            }
        });
        tags.putAll(overlay.get(id));
        String action = event.getAction() == null ? event.getStatus() : event.getAction();
        return switch (action == null ? "" : action) {
            case "die" -> {
                String detail = "container died (exit code " + attributes.getOrDefault("exitCode", "?") + ")";
                if (Tags.TRUE.equals(tags.get(Tags.WARM))) {
                    // Stopped into a warm pool: kept, not lost.
                    yield Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags, detail + ", in the warm pool"));
                }
                if (willRestart(id)) {
                    yield Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags, detail + ", restarting"));
                }
                yield Optional.of(new InstanceChange(InstanceChange.Kind.LOST, id, tags, detail));
            }
            case "destroy" -> {
                overlay.remove(id);
                yield Optional.of(new InstanceChange(InstanceChange.Kind.LOST, id, tags, "container removed"));
            }
            case "oom" -> Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags, "container ran out of memory"));
            case "kill" -> Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags,
                    "container sent signal " + attributes.getOrDefault("signal", "?")));
            default -> Optional.empty();
        };
    }

    /** After a die: whether the engine restarts it (restart policy), so it is not lost. */
    private boolean willRestart(String id) {
        try {
            InspectContainerResponse c = engine.api().inspectContainerCmd(id).exec();
            return Boolean.TRUE.equals(c.getState().getRestarting()) || Boolean.TRUE.equals(c.getState().getRunning());
        } catch (RuntimeException e) {
            return false; // gone (NotFound) or unreadable: not coming back by itself
        }
    }

    @Override
    public void close() {
        subscription.lock();
        try {
            listeners.clear();
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
        } finally {
            subscription.unlock();
        }
    }

    /** A bounded set of recent container IDs, oldest forgotten first. */
    private static Set<String> recentIds() {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        }));
    }
}
