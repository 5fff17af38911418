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

    @Override
    public RunningPlugin start(PluginContext context) {
        SimulatorOptions options = SimulatorOptions.parse(context.options());
        Simulator simulator = new Simulator(options, Clock.systemUTC(), context.home());
        return new RunningPlugin(NAME, new LinkedHashMap<>(simulator.objects()), null);
    }
}
