package io.infrakit.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Turns the engine's container events into instance changes for whoever watches: a container
 * that died (and will not be restarted by its policy) or was removed is lost; an OOM or a signal
 * is a change. Containers this plugin destroys itself are remembered, so their die and destroy
 * events are not reported as losses.
 */
final class DockerEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerEvents.class);
    /** Event attributes that are not container labels. */
    private static final Set<String> EVENT_ATTRIBUTES = Set.of("image", "name", "exitCode", "signal");
    /** Enough recent IDs to outlast the events of any burst of destroys. */
    private static final int REMEMBERED = 4096;

    private final DockerEngine engine;
    private final LabelOverlay overlay;
    private final List<EventWatcher> watchers = new CopyOnWriteArrayList<>();
    /** Containers this plugin is destroying or destroyed: their die/destroy events are not losses. */
    private final Set<String> destroyedByUs = recentIds();

    DockerEvents(DockerEngine engine, LabelOverlay overlay) {
        this.engine = engine;
        this.overlay = overlay;
    }

    /** Call before removing a container of ours: its coming die and destroy events are ours, not losses. */
    void destroying(String containerId) {
        destroyedByUs.add(containerId);
    }

    /** Follows the engine's events until the handle is closed; returns once the stream is open. */
    AutoCloseable watch(Consumer<InstanceChange> listener) {
        Set<String> reportedLost = recentIds();
        EventWatcher watcher = new EventWatcher(engine, event -> changeFor(event).ifPresent(change -> {
            if (change.kind() == InstanceChange.Kind.LOST && !reportedLost.add(change.instanceId())) {
                return; // die then destroy (AutoRemove): one loss
            }
            log.info("container {} {}: {} group={}", DockerInstancePlugin.shortId(change.instanceId()), change.kind(),
                    change.detail(), change.tags() == null ? null : change.tags().get(Tags.GROUP));
            listener.accept(change);
        }));
        watchers.add(watcher);
        watcher.start();
        try {
            // Return once the stream is open, so a caller's next action is sure to be seen.
            watcher.awaitConnected(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return () -> {
            watchers.remove(watcher);
            watcher.close();
        };
    }

    /** What an engine event means for the group controller, if anything. */
    Optional<InstanceChange> changeFor(Event event) {
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        if (id == null || destroyedByUs.contains(id)) {
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
        watchers.forEach(EventWatcher::close);
        watchers.clear();
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
