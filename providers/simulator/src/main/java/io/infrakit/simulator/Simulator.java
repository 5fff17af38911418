package io.infrakit.simulator;

import io.infrakit.spi.PluginException;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's objects {@code compute}, {@code disk} and {@code net} (as InfraKit's simulator
 * served), each an independent {@link SimulatorInstancePlugin} with its own instances.
 */
public final class Simulator {

    /** The objects served, in handshake order. */
    public static final List<String> OBJECTS = List.of("compute", "disk", "net");

    private final Map<String, SimulatorInstancePlugin> objects = new LinkedHashMap<>();

    /**
     * @param home {@code $INFRAKIT_HOME}; with {@code options.persist()} each object keeps its state
     *             in {@code home/simulator/<object>.json}. May be null when not persisting.
     */
    public Simulator(SimulatorOptions options, InstantSource clock, Path home) {
        if (options.persist() && home == null) {
            throw new IllegalArgumentException("simulator option persist=true needs a home folder to keep its state in");
        }
        for (String name : OBJECTS) {
            Path file = options.persist() ? stateFile(home, name) : null;
            objects.put(name, new SimulatorInstancePlugin(name, options, clock, file));
        }
    }

    /** Where object {@code name} keeps its state under {@code home}. */
    public static Path stateFile(Path home, String name) {
        return home.resolve("simulator").resolve(name + ".json");
    }

    /** The object called {@code name}; throws naming the known ones when there is none. */
    public SimulatorInstancePlugin object(String name) {
        SimulatorInstancePlugin p = objects.get(name);
        if (p == null) {
            throw new PluginException("simulator has no object '" + name + "'; use one of " + String.join(", ", OBJECTS));
        }
        return p;
    }

    /** Every object by name, in handshake order. */
    public Map<String, SimulatorInstancePlugin> objects() {
        return java.util.Collections.unmodifiableMap(objects);
    }
}
