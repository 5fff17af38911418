package io.infrakit.core.manager;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventFeed;
import io.infrakit.core.event.EventJournal;
import io.infrakit.core.event.EventTimes;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.plugin.PluginLookup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager's event feed: the {@link EventFeed} of the group controller it fronts, when that
 * controller runs in this JVM (the usual case: {@code infrakit up}, {@code plugin start manager
 * group ...}), kept in an {@link EventJournal} so that it survives restarts. A controller in
 * another process has no feed here yet: the page is empty.
 */
final class EventFeeds {
    private EventFeeds() {
    }

    static Manager.EventSource from(PluginLookup plugins, String controllerName) {
        return new Listing(after -> {
            GroupPlugin controller;
            try {
                controller = plugins.group(controllerName);
            } catch (PluginException e) {
                return List.of();
            }
            return controller instanceof EventFeed feed ? feed.since(after) : List.<Event>of();
        });
    }

    /** Events of the journal, the persisted ones of earlier runs included. */
    static Manager.EventSource from(EventJournal journal) {
        return new Listing(journal::since);
    }

    /** A source of the events after a sequence number, seen as pages or as provisioning times. */
    private record Listing(LongFunction<List<Event>> since) implements Manager.EventSource {

        @Override
        public ManagerApi.EventPage events(long after, String group) {
            return page(since.apply(after), after, group);
        }

        @Override
        public Map<String, Instant> provisioned(String group) {
            Map<String, Instant> out = new HashMap<>();
            for (Event e : since.apply(0)) {
                if (e.type() == EventType.PROVISIONED && e.instance() != null && e.time() != null && inGroup(group, e)) {
                    out.put(e.instance(), e.time());
                }
            }
            return out;
        }
    }

    private static boolean inGroup(String group, Event e) {
        return group == null || group.isBlank() || group.equals(e.group());
    }

    /**
     * Has {@code journal} record the controller's events as soon as the controller runs in this
     * JVM (it may start after the manager); closing the handle stops looking, or following.
     */
    static AutoCloseable follow(PluginLookup plugins, String controllerName, EventJournal journal) {
        ReentrantLock lock = new ReentrantLock();
        AutoCloseable[] following = {null};
        boolean[] stopped = {false};
        Thread t = Thread.ofVirtual().name("manager-events").start(() -> {
            long waited = 0;
            while (true) {
                try {
                    if (plugins.group(controllerName) instanceof EventFeed feed) {
                        lock.lock();
                        try {
                            if (!stopped[0]) {
                                following[0] = journal.follow(feed, FOLLOW_PERIOD);
                            }
                        } finally {
                            lock.unlock();
                        }
                        return;
                    }
                } catch (PluginException e) {
                    // not started yet
                }
                long pause = waited < 30_000 ? 200 : 5_000;
                waited += pause;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return () -> {
            lock.lock();
            try {
                stopped[0] = true;
                if (following[0] != null) {
                    following[0].close();
                }
            } finally {
                lock.unlock();
            }
            t.interrupt();
        };
    }

    /** How often the journal reads the controller's new events. */
    static final Duration FOLLOW_PERIOD = Duration.ofMillis(250);

    private static ManagerApi.EventPage page(List<Event> events, long after, String group) {
        List<ManagerApi.EventView> out = new ArrayList<>();
        long next = after;
        for (Event e : events) {
            next = Math.max(next, e.sequence());
            if (inGroup(group, e)) {
                out.add(new ManagerApi.EventView(e.sequence(), EventTimes.format(e.time()), e.type().name(), e.group(),
                        e.instance(), e.message()));
            }
        }
        return new ManagerApi.EventPage(out, next);
    }
}
