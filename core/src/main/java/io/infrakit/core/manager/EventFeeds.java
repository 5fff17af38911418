package io.infrakit.core.manager;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventJournal;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.ArrayList;
import java.util.List;

/**
 * The manager's event feed: the event bus of the group controller it fronts, when that
 * controller runs in this JVM (the usual case: {@code infrakit up}, {@code plugin start manager
 * group ...}), kept in an {@link EventJournal} so that it survives restarts. A controller in
 * another process has no feed here yet: the page is empty.
 */
final class EventFeeds {
    private EventFeeds() {
    }

    /** Events straight from the controller's bus, in memory only (when no journal could be opened). */
    static Manager.EventSource from(PluginLookup plugins, String controllerName) {
        return (after, group) -> {
            GroupPlugin controller;
            try {
                controller = plugins.group(controllerName);
            } catch (PluginException e) {
                return new ManagerApi.EventPage(List.of(), after);
            }
            if (!(controller instanceof GroupControllerPlugin local)) {
                return new ManagerApi.EventPage(List.of(), after);
            }
            return page(local.events().since(after), after, group);
        };
    }

    /** Events of the journal, the persisted ones of earlier runs included. */
    static Manager.EventSource from(EventJournal journal) {
        return (after, group) -> page(journal.since(after), after, group);
    }

    /**
     * Attaches {@code journal} to the controller's bus as soon as the controller runs in this JVM
     * (it may start after the manager); closing the handle stops looking, or detaches.
     */
    static AutoCloseable follow(PluginLookup plugins, String controllerName, EventJournal journal) {
        AutoCloseable[] attached = {null};
        boolean[] stopped = {false};
        Thread t = Thread.ofVirtual().name("manager-events").start(() -> {
            long waited = 0;
            while (!stopped[0]) {
                try {
                    if (plugins.group(controllerName) instanceof GroupControllerPlugin local) {
                        synchronized (attached) {
                            if (!stopped[0]) {
                                attached[0] = journal.attach(local.events());
                            }
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
            synchronized (attached) {
                stopped[0] = true;
                if (attached[0] != null) {
                    attached[0].close();
                }
            }
            t.interrupt();
        };
    }

    private static ManagerApi.EventPage page(List<Event> events, long after, String group) {
        List<ManagerApi.EventView> out = new ArrayList<>();
        long next = after;
        for (Event e : events) {
            next = Math.max(next, e.sequence());
            if (group == null || group.isBlank() || group.equals(e.group())) {
                out.add(new ManagerApi.EventView(e.sequence(), e.time().toString(), e.type().name(), e.group(),
                        e.instance(), e.message()));
            }
        }
        return new ManagerApi.EventPage(out, next);
    }
}
