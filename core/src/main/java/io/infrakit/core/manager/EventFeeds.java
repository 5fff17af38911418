package io.infrakit.core.manager;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventFeed;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.ArrayList;
import java.util.List;

/**
 * The manager's event feed: the {@link EventFeed} of the group controller it fronts, when that
 * controller runs in this JVM (the usual case: {@code infrakit up}, {@code plugin start manager
 * group ...}). A controller in another process has no feed here yet: the page is empty.
 */
final class EventFeeds {
    private EventFeeds() {
    }

    static Manager.EventSource from(PluginLookup plugins, String controllerName) {
        return (after, group) -> {
            GroupPlugin controller;
            try {
                controller = plugins.group(controllerName);
            } catch (PluginException e) {
                return new ManagerApi.EventPage(List.of(), after);
            }
            if (!(controller instanceof EventFeed feed)) {
                return new ManagerApi.EventPage(List.of(), after);
            }
            List<ManagerApi.EventView> out = new ArrayList<>();
            long next = after;
            for (Event e : feed.since(after)) {
                next = Math.max(next, e.sequence());
                if (group == null || group.isBlank() || group.equals(e.group())) {
                    out.add(new ManagerApi.EventView(e.sequence(), e.time().toString(), e.type().name(), e.group(),
                            e.instance(), e.message()));
                }
            }
            return new ManagerApi.EventPage(out, next);
        };
    }
}
