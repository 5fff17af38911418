package io.infrakit.controllers.ingress;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.time.Clock;

/**
 * {@code infrakit plugin start ingress}: the ingress controller on socket {@code ingress}, serving
 * Controller/0.1.1; commit {@code kind: ingress} specs to it.
 */
public final class IngressPluginKind implements PluginKind {

    @Override
    public String name() {
        return IngressController.KIND;
    }

    @Override
    public String description() {
        return "ingress controller: keeps load balancers' routes and backends equal to groups' members (kind: ingress)";
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        IngressController c = new IngressController(context.plugins(), Clock.systemUTC());
        return RunningPlugin.single(IngressController.KIND, c, c);
    }
}
