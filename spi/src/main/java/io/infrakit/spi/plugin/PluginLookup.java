package io.infrakit.spi.plugin;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.InstancePlugin;

/**
 * Finds a plugin by InfraKit name {@code lookup[/type]}: {@code simulator/compute} is object
 * {@code compute} on socket {@code simulator}. Callers do not know whether the plugin runs in
 * this JVM (called directly) or in another process (called over JSON-RPC).
 * Throws {@link PluginException} naming the plugin when it cannot be found.
 */
public interface PluginLookup {

    InstancePlugin instance(String name);

    FlavorPlugin flavor(String name);

    GroupPlugin group(String name);

    /**
     * A plugin of any other served interface ({@code L4}, ...). Lookups that know only the three
     * kinds above refuse, naming what was asked for.
     */
    default <T> T lookup(String name, Class<T> type) {
        throw new PluginException("no " + type.getSimpleName() + " plugin '" + name + "' can be found here");
    }
}
