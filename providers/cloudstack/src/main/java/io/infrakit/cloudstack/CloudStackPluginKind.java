package io.infrakit.cloudstack;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start cloudstack}: an Instance plugin for Apache CloudStack VMs on socket
 * {@code cloudstack}. Options: see {@link CloudStackOptions#DESCRIPTIONS}.
 */
public final class CloudStackPluginKind implements PluginKind {

    public static final String NAME = "cloudstack";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: VMs on Apache CloudStack (signed query API); Init as user data, tags, paged listing by tags";
    }

    @Override
    public Map<String, String> options() {
        return CloudStackOptions.DESCRIPTIONS;
    }

    @Override
    public Optional<Field> propertiesSchema() {
        return Optional.of(CloudStackSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        CloudStackOptions options = CloudStackOptions.parse(context.options(), System.getenv());
        CloudStackInstancePlugin plugin = new CloudStackInstancePlugin(options);
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}
