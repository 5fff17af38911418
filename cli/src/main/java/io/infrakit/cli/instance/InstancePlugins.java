package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.PluginRegistry;
import io.infrakit.spi.instance.InstancePlugin;

/** Opens the instance plugin a command addresses (over its socket; nothing runs in the CLI process). */
final class InstancePlugins implements AutoCloseable {

    private final PluginRegistry registry;
    final InstancePlugin plugin;

    InstancePlugins(CliEnv env, String name) {
        registry = new PluginRegistry(env.paths());
        try {
            plugin = registry.instance(name);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
