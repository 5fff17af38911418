package io.infrakit.core.manager;

import io.infrakit.spi.plugin.PluginLookup;

import java.util.List;

/** Finds the event feed of the group controller the manager fronts. */
final class EventFeeds {
    private EventFeeds() {
    }

    static Manager.EventSource from(PluginLookup plugins, String controllerName) {
        return (after, group) -> new ManagerApi.EventPage(List.of(), after);
    }
}
