package io.infrakit.controllers;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A lookup over objects the test registers by name, as the daemon's registry finds plugins in its JVM. */
public final class TestPlugins implements PluginLookup {

    private final Map<String, Object> objects = new ConcurrentHashMap<>();

    public TestPlugins put(String name, Object object) {
        objects.put(name, object);
        return this;
    }

    @Override
    public InstancePlugin instance(String name) {
        return lookup(name, InstancePlugin.class);
    }

    @Override
    public FlavorPlugin flavor(String name) {
        return lookup(name, FlavorPlugin.class);
    }

    @Override
    public GroupPlugin group(String name) {
        // group/workers is the group plugin "group", workers being a group ID (as the registry routes it).
        Object o = objects.get(name);
        if (o == null && name.contains("/")) {
            o = objects.get(name.substring(0, name.indexOf('/')));
        }
        if (o instanceof GroupPlugin g) {
            return g;
        }
        throw new PluginException("no group plugin '" + name + "'");
    }

    @Override
    public <T> T lookup(String name, Class<T> type) {
        Object o = objects.get(name);
        if (type.isInstance(o)) {
            return type.cast(o);
        }
        throw new PluginException("no " + type.getSimpleName() + " plugin '" + name + "'");
    }
}
