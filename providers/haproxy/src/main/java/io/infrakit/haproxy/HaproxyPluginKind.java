package io.infrakit.haproxy;

import io.infrakit.spi.plugin.OptionValues;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code infrakit plugin start haproxy}: an L4 load balancer on HAProxy, socket {@code haproxy},
 * object NAME (option {@code haproxy.name}, default {@code lb}): address it as {@code haproxy/lb}.
 */
public final class HaproxyPluginKind implements PluginKind {

    public static final String NAME = "haproxy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "L4 load balancer on HAProxy: routes and backends through HAProxy's Runtime API, no connection dropped";
    }

    @Override
    public Map<String, String> options() {
        return HaproxySettings.DESCRIPTIONS;
    }

    @Override
    public RunningPlugin start(PluginContext context) throws Exception {
        OptionValues values = new OptionValues(NAME, context.options());
        values.refuseUnknown(HaproxySettings.DESCRIPTIONS.keySet());
        String balancer = context.option("name").orElse("lb");
        if (!balancer.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("haproxy option name='" + balancer + "' must be letters, digits, '.', '_' or '-', e.g. lb");
        }
        Path dir = context.option("dir").map(Path::of).orElse(context.home().resolve("haproxy").resolve(balancer));
        int metrics = values.integer("metrics", 0, 0, 65535);
        HaproxySettings settings = new HaproxySettings(dir, context.option("bind").orElse("0.0.0.0"),
                context.option("binary").orElse("haproxy"), metrics);
        HaproxyL4 l4 = new HaproxyL4(balancer, settings);
        return new RunningPlugin(NAME, Map.of(balancer, l4), l4);
    }
}
