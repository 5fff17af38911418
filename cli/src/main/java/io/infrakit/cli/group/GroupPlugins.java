package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.PluginRegistry;
import io.infrakit.spi.group.GroupPlugin;

/** Opens the group plugin a command addresses, over its socket (nothing runs in the CLI process). */
final class GroupPlugins implements AutoCloseable {

    private final PluginRegistry registry;
    final GroupPlugin plugin;
    final String name;

    GroupPlugins(CliEnv env, String name) {
        this.name = name;
        registry = new PluginRegistry(env.paths());
        try {
            plugin = registry.group(name);
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
