package io.infrakit.cli.testing;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.util.Map;

/** A plugin kind only the CLI tests see: one Instance object "machines" on socket "testkind". */
public final class TestKind implements PluginKind {
    @Override
    public String name() {
        return "testkind";
    }

    @Override
    public String description() {
        return "in-memory instances for CLI tests";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("color", "any word, ignored");
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        return new RunningPlugin("testkind", Map.of("machines", new MemoryInstancePlugin()), null);
    }
}
