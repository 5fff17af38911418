package io.infrakit.terraform;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start terraform}: an Instance plugin whose instances are Terraform
 * resources, on socket {@code terraform}. Options: see {@link TerraformOptions#DESCRIPTIONS}. It
 * refuses to start when the terraform command cannot be found.
 */
public final class TerraformPluginKind implements PluginKind {

    public static final String NAME = "terraform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: each instance a Terraform resource in a working directory per group; plan file, state read once per change";
    }

    @Override
    public Map<String, String> options() {
        return TerraformOptions.DESCRIPTIONS;
    }

    @Override
    public Optional<Field> propertiesSchema() {
        return Optional.of(TerraformSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        return start(context, System.getenv());
    }

    /** {@link #start(PluginContext)} with the environment given (its PATH is where terraform is looked for). */
    RunningPlugin start(PluginContext context, Map<String, String> env) {
        TerraformInstancePlugin plugin = new TerraformInstancePlugin(TerraformOptions.parse(context.options(), context.home(), env));
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}
