package io.infrakit.terraform;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

/** Placeholder while the module is written. */
public final class TerraformPluginKind implements PluginKind {
    @Override
    public String name() {
        return "terraform";
    }

    @Override
    public String description() {
        return "instance plugin: Terraform resources";
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        throw new UnsupportedOperationException();
    }
}
