package io.infrakit.simulator;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code infrakit plugin start simulator}: serves Instance objects {@code compute}, {@code disk}
 * and {@code net} on socket {@code simulator}. Options: see {@link SimulatorOptions#DESCRIPTIONS}.
 */
public final class SimulatorPluginKind implements PluginKind {

    public static final String NAME = "simulator";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "fake cloud for tutorials, tests and benchmarks: Instance objects compute, disk and net";
    }

    @Override
    public Map<String, String> options() {
        return SimulatorOptions.DESCRIPTIONS;
    }

    /** Free-form, as its Validate checks only that Properties is an object. */
    @Override
    public java.util.Optional<io.infrakit.spi.schema.Field> propertiesSchema() {
        return java.util.Optional.of(new io.infrakit.spi.schema.Field("simulator", "object (free-form)", false, null,
                "The simulator's instance Properties (in a group's Instance section): any JSON object, e.g. {\"cpu\": 1};"
                        + " stored with the instance and shown by describe. Only an object (or nothing) is accepted.", java.util.List.of()));
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        SimulatorOptions options = SimulatorOptions.parse(context.options());
        Simulator simulator = new Simulator(options, Clock.systemUTC(), context.home());
        return new RunningPlugin(NAME, new LinkedHashMap<>(simulator.objects()), null);
    }
}
