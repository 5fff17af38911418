package io.infrakit.rpc.testing;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A plugin kind for tests: objects compute and disk, option "prefix". Counts closes. */
public final class FakeKind implements PluginKind {

    public final AtomicInteger closed = new AtomicInteger();
    public volatile PluginContext lastContext;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "In-memory instances for tests";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("prefix", "prefix of instance IDs");
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        lastContext = context;
        String prefix = context.option("prefix").orElse("i");
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("compute", new FakeInstancePlugin(prefix));
        objects.put("disk", new FakeInstancePlugin(prefix + "d"));
        return new RunningPlugin("fake", objects, closed::incrementAndGet);
    }
}
