package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.instance.InstancePlugin;

/** Opens the instance plugin a command addresses (over its socket; nothing runs in the CLI process). */
final class InstancePlugins implements AutoCloseable {

    private final PluginRegistry registry;
    final InstancePlugin plugin;

    InstancePlugins(CliEnv env, PluginOption option) {
        // The CLI's short calls use the plain java.nio transport: Jetty's client costs more to start than the call.
        java.time.Duration timeout = option.timeout();
        registry = PluginRegistry.forCli(env.paths(), timeout);
        try {
            registry.remote(env.remote());
            plugin = registry.instance(option.name);
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
