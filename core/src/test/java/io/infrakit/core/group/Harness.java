package io.infrakit.core.group;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.group.GroupSpec;

import java.time.Duration;
import java.util.List;

/**
 * A group plugin wired to fake plugins and a hand-moved clock. Actions run on the calling thread and
 * reconciles run only when a test asks, so every scenario is deterministic and fast.
 */
final class Harness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock();
    final FakeInstancePlugin instances = new FakeInstancePlugin(clock);
    final FakeFlavor flavor = new FakeFlavor();
    final EventBus events = new EventBus(clock, 100_000);
    /** The plugins the controller finds; a test may add more (a lifecycle hook plugin) before committing. */
    final FakeLookup lookup = new FakeLookup();
    final GroupControllerPlugin plugin;

    Harness() {
        lookup.with("sim/compute", instances).with("vanilla", flavor);
        plugin = new GroupControllerPlugin(lookup, events, clock,
                new GroupControllerPlugin.Options(Duration.ofSeconds(1), 32, false), Runnable::run);
    }

    static GroupSpec spec(String json) {
        try {
            return JSON.readValue(json, GroupSpec.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A scaled group on the fake plugins; {@code extra} is more JSON members of Properties, or "". */
    static GroupSpec scaled(String id, int size, int cpu, String extra) {
        return spec("{\"ID\":\"" + id + "\",\"Properties\":{\"Allocation\":{\"Size\":" + size + "},"
                + "\"Instance\":{\"Plugin\":\"sim/compute\",\"Properties\":{\"cpu\":" + cpu + "}},"
                + "\"Flavor\":{\"Plugin\":\"vanilla\",\"Properties\":{\"Init\":[\"echo hello\"],\"Tags\":{\"role\":\"web\"}}}"
                + (extra.isEmpty() ? "" : "," + extra) + "}}");
    }

    /** A quorum group with the given logical IDs. */
    static GroupSpec quorum(String id, List<String> ids, int cpu, String extra) {
        StringBuilder lids = new StringBuilder();
        for (String l : ids) {
            lids.append(lids.isEmpty() ? "" : ",").append('"').append(l).append('"');
        }
        return spec("{\"ID\":\"" + id + "\",\"Properties\":{\"Allocation\":{\"LogicalIDs\":[" + lids + "]},"
                + "\"Instance\":{\"Plugin\":\"sim/compute\",\"Properties\":{\"cpu\":" + cpu + "}},"
                + "\"Flavor\":{\"Plugin\":\"vanilla\",\"Properties\":{\"Init\":[\"echo hello\"]}}"
                + (extra.isEmpty() ? "" : "," + extra) + "}}");
    }

    String commit(GroupSpec spec) {
        return plugin.commitGroup(spec, false);
    }

    /** Moves the clock by {@code step} and reconciles every group, {@code rounds} times. */
    void tick(int rounds, Duration step) {
        for (int i = 0; i < rounds; i++) {
            clock.advance(step);
            plugin.reconcileAll();
        }
    }

    void tick(int rounds) {
        tick(rounds, Duration.ofSeconds(1));
    }

    List<Event> events(EventType type) {
        return events.history().stream().filter(e -> e.type() == type).toList();
    }

    @Override
    public void close() {
        plugin.close();
    }
}
