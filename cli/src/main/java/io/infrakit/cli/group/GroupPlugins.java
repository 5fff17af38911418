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
    /** How to list this plugin's groups: plain when the plugin was chosen by default. */
    final String listing;

    GroupPlugins(CliEnv env, GroupTarget target) {
        this.name = target.resolve(env);
        this.listing = "infrakit group ls" + (target.name == null || target.name.isBlank() ? "" : " --plugin " + name);
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

    /** The failure to report: "not found" in the CLI's one wording when the group is not there, else {@code failure}. */
    RuntimeException aboutGroup(String id, RuntimeException failure) {
        try {
            java.util.List<String> ids = plugin.inspectGroups().stream().map(io.infrakit.spi.group.GroupSpec::id).toList();
            return ids.contains(id) ? failure : io.infrakit.cli.Groups.notFound(id, ids, listing);
        } catch (RuntimeException e) {
            return failure;
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
