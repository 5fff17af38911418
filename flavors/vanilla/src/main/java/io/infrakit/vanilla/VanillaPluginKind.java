package io.infrakit.vanilla;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

/** {@code infrakit plugin start vanilla}: the vanilla flavor as the default object of socket {@code vanilla}. */
public final class VanillaPluginKind implements PluginKind {

    public static final String NAME = "vanilla";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "default flavor: adds Init lines, Tags and Attachments per logical ID; healthy unless the provider reports a failed Init (tag infrakit.init.status)";
    }

    @Override
    public java.util.Optional<io.infrakit.spi.schema.Field> propertiesSchema() {
        return java.util.Optional.of(VanillaProperties.SCHEMA);
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        if (!context.options().isEmpty()) {
            throw new IllegalArgumentException("the vanilla flavor takes no options, but got --opt vanilla."
                    + String.join(", vanilla.", context.options().keySet()) + "; remove them");
        }
        return RunningPlugin.single(NAME, new VanillaFlavor(), null);
    }
}
