package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.spi.group.GroupPlugin;

/** Opens the group plugin a command addresses, over its socket (nothing runs in the CLI process). */
final class GroupPlugins implements AutoCloseable {

    private final PluginRegistry registry;
    final GroupPlugin plugin;
    final String name;

    GroupPlugins(CliEnv env, GroupTarget target) {
        this.name = target.resolve(env);
        // The CLI's short calls use the plain java.nio transport: Jetty's client costs more to start than the call.
        registry = new PluginRegistry(env.paths(), RpcInterfaces.standard(), target.timeout(), new SimpleUnixHttp());
        try {
            registry.remote(env.remote());
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
