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
    public java.util.Map<String, String> options() {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("groups", "the group plugin whose groups' Policy.Autoscale is carried out, and resized (default group:"
                + " the manager, which stores each new size)");
        o.put("group-controller", "the group controller whose event bus carries AUTOSCALED events (default group-stateless)");
        o.put("discover-interval", "how often the groups' specs are read for Policy.Autoscale (default 10s)");
        return java.util.Collections.unmodifiableMap(o);
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        for (String key : context.options().keySet()) {
            if (!options().containsKey(key)) {
                throw new IllegalArgumentException("option autoscale." + key + " is not known: use one of " + options().keySet());
            }
        }
        java.time.Duration every;
        String text = context.option("discover-interval").orElse("10s");
        try {
            every = io.infrakit.spi.GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            every = java.time.Duration.ZERO;
        }
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("option autoscale.discover-interval '" + text + "' must be a duration above 0, e.g. 10s");
        }
        AutoscaleController c = new AutoscaleController(context.plugins(), Clock.systemUTC());
        PolicyAutoscalers policies = new PolicyAutoscalers(context.plugins(), context.option("groups").orElse("group"),
                context.option("group-controller").orElse("group-stateless"), every, Clock.systemUTC());
        return RunningPlugin.single(AutoscaleController.KIND, c, () -> {
            policies.close();
            c.close();
        });
    }
}
