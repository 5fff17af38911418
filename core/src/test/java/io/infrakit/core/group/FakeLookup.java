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
