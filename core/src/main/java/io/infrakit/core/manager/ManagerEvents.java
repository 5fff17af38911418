package io.infrakit.core.manager;

import io.infrakit.core.event.EventType;
import io.infrakit.spi.event.EventHistory;
import io.infrakit.spi.event.EventPlugin;
import io.infrakit.spi.event.TopicEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The manager's events on InfraKit's {@code Event/0.1.0}, served on its socket as object
 * {@code event}. Topics are {@code group/ID/TYPE}, e.g. {@code group/workers/PROVISIONED}:
 * subscribe to {@code group/workers/} for one group, {@code group/} or {@code .} for all, or to one
 * type of one group exactly. Events come from the manager's journal (kept across restarts), so
 * their IDs (the journal's sequence numbers) stay valid for a resuming subscriber.
 */
public final class ManagerEvents implements EventHistory {

    /** The object name this plugin has on the manager's socket. */
    public static final String OBJECT = "event";
    public static final String ROOT = "group";
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final List<String> TYPES = Arrays.stream(EventType.values()).map(Enum::name).sorted().toList();

    private final Manager.EventSource source;
    private final LongSupplier latest;
    private final Supplier<List<String>> groups;

    /**
     * @param latest the newest event's sequence without reading the events (null: read them)
     * @param groups the groups stored, for {@code Event.List}
     */
    public ManagerEvents(Manager.EventSource source, LongSupplier latest, Supplier<List<String>> groups) {
        this.source = source;
        this.latest = latest;
        this.groups = groups;
    }

    @Override
    public List<String> list(String topic) {
        String[] path = split(topic);
        if (path.length == 0) {
            return List.of(ROOT);
        }
        if (!path[0].equals(ROOT)) {
            return List.of();
        }
        if (path.length == 1) {
            TreeSet<String> ids = new TreeSet<>(groups.get());
            for (ManagerApi.EventView e : source.events(0, null).events()) {
                if (e.group() != null) {
                    ids.add(e.group());
                }
            }
            return List.copyOf(ids);
        }
        return path.length == 2 && GROUP_ID.matcher(path[1]).matches() ? TYPES : List.of();
    }

    @Override
    public boolean validTopic(String topic) {
        String[] path = split(topic);
        return switch (path.length) {
            case 0 -> true;
            case 1 -> path[0].equals(ROOT);
            case 2 -> path[0].equals(ROOT) && GROUP_ID.matcher(path[1]).matches();
            case 3 -> path[0].equals(ROOT) && GROUP_ID.matcher(path[1]).matches() && TYPES.contains(path[2]);
            default -> false;
        };
    }

    @Override
    public List<TopicEvent> since(String topic, long after) {
        if (latest != null && latest.getAsLong() <= after) {
            return List.of();
        }
        String[] path = split(topic);
        // One group's events are asked for by group: the source filters them without copying the rest.
        String group = path.length >= 2 ? path[1] : null;
        List<TopicEvent> out = new ArrayList<>();
        for (ManagerApi.EventView e : source.events(after, group).events()) {
            TopicEvent t = of(e);
            if (EventPlugin.matches(topic, t.topic())) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public long latest() {
        return latest != null ? latest.getAsLong() : source.events(0, null).next();
    }

    /** The wire form of one of the manager's events. */
    static TopicEvent of(ManagerApi.EventView e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Sequence", e.sequence());
        data.put("Type", e.type());
        data.put("Group", e.group());
        if (e.instance() != null) {
            data.put("Instance", e.instance());
        }
        if (e.message() != null && !e.message().isEmpty()) {
            data.put("Message", e.message());
        }
        return new TopicEvent(ROOT + "/" + e.group() + "/" + e.type(), e.type(), Long.toString(e.sequence()), e.time(), data,
                e.sequence());
    }

    private static String[] split(String topic) {
        String t = EventPlugin.normalise(topic);
        return t.isEmpty() ? new String[0] : t.split("/");
    }
}
