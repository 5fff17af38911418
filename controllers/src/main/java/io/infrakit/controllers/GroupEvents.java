package io.infrakit.controllers;

import io.infrakit.core.event.Event;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.function.Consumer;

/**
 * The group controller's change feed, where it runs in this JVM (the daemon: {@code infrakit up},
 * {@code plugin start group ...}): every event on its bus, on the publishing thread. A controller in
 * another process has no feed here: the controllers then rely on their sync period alone.
 */
public final class GroupEvents {

    private GroupEvents() {
    }

    /** Subscribes to the events of group controller {@code controllerName}; null when it is not in this JVM. */
    public static AutoCloseable subscribe(PluginLookup plugins, String controllerName, Consumer<Event> subscriber) {
        try {
            if (plugins.group(controllerName) instanceof GroupControllerPlugin local) {
                return local.events().subscribe(subscriber);
            }
        } catch (PluginException e) {
            // not running (yet): no feed
        }
        return null;
    }

    /** The event bus of group controller {@code controllerName} in this JVM, to publish on; null when it runs elsewhere. */
    public static io.infrakit.core.event.EventBus bus(PluginLookup plugins, String controllerName) {
        try {
            if (plugins.group(controllerName) instanceof GroupControllerPlugin local) {
                return local.events();
            }
        } catch (PluginException e) {
            // not running (yet)
        }
        return null;
    }
}
