package io.infrakit.gcp;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start gcp}: an Instance plugin for Compute Engine VMs on socket {@code gcp}.
 * Nothing here touches Google's SDK: listing the kinds (ServiceLoader) loads none of its classes;
 * only {@link #start} does.
 */
public final class GcpPluginKind implements PluginKind {

    public static final String NAME = "gcp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: Compute Engine VMs (google-cloud-compute); labels from tags, request IDs, paged listing by labels";
    }

    @Override
    public Map<String, String> options() {
        return GcpOptions.DESCRIPTIONS;
    }

    @Override
    public Optional<Field> propertiesSchema() {
        return Optional.of(GcpSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        GcpOptions options = GcpOptions.parse(context.options(), System.getenv());
        GcpInstancePlugin plugin = ComputeClients.plugin(options, ComputeClients.applicationDefault());
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}
