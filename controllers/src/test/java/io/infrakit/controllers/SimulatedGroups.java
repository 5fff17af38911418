package io.infrakit.controllers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.vanilla.VanillaFlavor;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The real group controller over the simulator, polling often, for controller tests without engines. */
public final class SimulatedGroups implements AutoCloseable {

    public final TestPlugins plugins = new TestPlugins();
    public final SimulatorInstancePlugin compute = new SimulatorInstancePlugin("compute");
    public final EventBus events = new EventBus();
    public final GroupControllerPlugin groups;
    private final ObjectMapper json = new ObjectMapper();

    public SimulatedGroups() {
        plugins.put("simulator/compute", compute).put("vanilla", new VanillaFlavor());
        groups = new GroupControllerPlugin(plugins, events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofMillis(200), 8, true));
        plugins.put("group", groups).put("group-stateless", groups);
    }

    public void commit(String id, int size) throws Exception {
        groups.commitGroup(new GroupSpec(id, json.readTree("""
                {"Allocation": {"Size": %d},
                 "Instance": {"Plugin": "simulator/compute", "Properties": {"cpu": 1}},
                 "Flavor": {"Plugin": "vanilla", "Properties": {}}}""".formatted(size))), false);
    }

    /** A group of simulated instances with more sections (e.g. {@code "Policy": {...}}) beside the usual ones. */
    public void commit(String id, int size, String moreSections) throws Exception {
        groups.commitGroup(new GroupSpec(id, json.readTree("""
                {"Allocation": {"Size": %d},
                 "Instance": {"Plugin": "simulator/compute", "Properties": {"cpu": 1}},
                 "Flavor": {"Plugin": "vanilla", "Properties": {}}, %s}""".formatted(size, moreSections))), false);
    }

    public Set<String> members(String id) {
        return compute.describeInstances(Map.of(Tags.GROUP, id), false).stream().map(InstanceDescription::id)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        groups.close();
    }
}
