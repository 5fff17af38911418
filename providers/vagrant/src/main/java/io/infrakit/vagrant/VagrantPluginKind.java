package io.infrakit.vagrant;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start vagrant}: an Instance plugin running one Vagrant environment per
 * instance, on socket {@code vagrant}. Options: see {@link VagrantOptions#DESCRIPTIONS}. It refuses
 * to start when the vagrant command cannot be found.
 */
public final class VagrantPluginKind implements PluginKind {

    public static final String NAME = "vagrant";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: one Vagrant environment per instance (a box, or an image on Vagrant's Docker provider); Init, tags";
    }

    @Override
    public Map<String, String> options() {
        return VagrantOptions.DESCRIPTIONS;
    }

    @Override
    public Optional<Field> propertiesSchema() {
        return Optional.of(VagrantSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        return start(context, System.getenv());
    }

    /** {@link #start(PluginContext)} with the environment given (its PATH is where vagrant is looked for). */
    RunningPlugin start(PluginContext context, Map<String, String> env) {
        VagrantInstancePlugin plugin = new VagrantInstancePlugin(VagrantOptions.parse(context.options(), context.home(), env));
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}
