package io.infrakit.core.group;

import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstancePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The subscriptions to instance plugins that push changes (the simulator, Docker events, libvirt):
 * one per plugin some group uses, each change handed to {@code onChange} with the plugin's name.
 * Not thread-safe: the group plugin calls it under its lock.
 */
final class ChangeWatches implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatches.class);

    private final Map<String, AutoCloseable> watches = new HashMap<>();
    private final BiConsumer<String, InstanceChange> onChange;

    ChangeWatches(BiConsumer<String, InstanceChange> onChange) {
        this.onChange = onChange;
    }

    /** Subscribes once per plugin; a plugin that cannot push is polled only. */
    void watch(String pluginName, InstancePlugin instance) {
        if (watches.containsKey(pluginName) || !(instance instanceof InstanceChangeSource source)) {
            return;
        }
        try {
            watches.put(pluginName, source.watch(change -> onChange.accept(pluginName, change)));
        } catch (RuntimeException e) {
            LOG.warn("cannot watch instance plugin {} for changes (polling only): {}", pluginName, e.getMessage());
        }
    }

    /** Ends the subscriptions to plugins no group uses any more. */
    void keepOnly(Set<String> inUse) {
        for (var it = watches.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!inUse.contains(e.getKey())) {
                close(e.getValue());
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        watches.values().forEach(ChangeWatches::close);
        watches.clear();
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a watch failed: {}", e.toString());
        }
    }
}
