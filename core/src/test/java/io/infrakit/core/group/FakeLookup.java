package io.infrakit.core.group;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.HashMap;
import java.util.Map;

/** Plugins by name, all in this JVM. */
final class FakeLookup implements PluginLookup {
    final Map<String, InstancePlugin> instances = new HashMap<>();
    final Map<String, FlavorPlugin> flavors = new HashMap<>();

    FakeLookup with(String name, InstancePlugin p) {
        instances.put(name, p);
        return this;
    }

    final Map<String, Object> others = new HashMap<>();

    /** A plugin of another interface (a lifecycle hook plugin, ...). */
    FakeLookup withObject(String name, Object p) {
        others.put(name, p);
        return this;
    }

    @Override
    public <T> T lookup(String name, Class<T> type) {
        Object p = others.get(name);
        if (!type.isInstance(p)) {
            throw new PluginException("no " + type.getSimpleName() + " plugin named '" + name + "'");
        }
        return type.cast(p);
    }

    FakeLookup with(String name, FlavorPlugin p) {
        flavors.put(name, p);
        return this;
    }

    @Override
    public InstancePlugin instance(String name) {
        InstancePlugin p = instances.get(name);
        if (p == null) {
            throw new PluginException("no plugin named '" + name + "'");
        }
        return p;
    }

    @Override
    public FlavorPlugin flavor(String name) {
        FlavorPlugin p = flavors.get(name);
        if (p == null) {
            throw new PluginException("no plugin named '" + name + "'");
        }
        return p;
    }

    @Override
    public GroupPlugin group(String name) {
        throw new PluginException("no group plugin named '" + name + "'");
    }
}
