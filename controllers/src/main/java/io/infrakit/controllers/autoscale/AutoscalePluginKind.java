package io.infrakit.controllers.autoscale;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.time.Clock;

/** {@code infrakit plugin start autoscale}: the autoscaler on socket {@code autoscale} (Controller/0.1.1). */
public final class AutoscalePluginKind implements PluginKind {

    @Override
    public String name() {
        return AutoscaleController.KIND;
    }

    @Override
    public String description() {
        return "autoscaler: sizes groups to a Prometheus query's demand within Min/Max (kind: autoscale)";
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        AutoscaleController c = new AutoscaleController(context.plugins(), Clock.systemUTC());
        return RunningPlugin.single(AutoscaleController.KIND, c, c);
    }
}
