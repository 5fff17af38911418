package io.infrakit.simulator;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tag index must never change what DescribeInstances answers: after any sequence of
 * provisions, labels, destroys and kills, every query answers what a plain scan of a simple
 * model answers, in the same (creation) order.
 */
class SimulatorModelPropertiesTest {

    sealed interface Op permits Provision, Label, Destroy, Kill {
    }

    record Provision(Map<String, String> tags) implements Op {
    }

    record Label(int target, Map<String, String> labels) implements Op {
    }

    record Destroy(int target) implements Op {
    }

    record Kill(int target) implements Op {
    }

    @Property(tries = 200)
    void describeMatchesAPlainScan(@ForAll("ops") List<Op> ops, @ForAll("queries") List<Map<String, String>> queries) {
        SimulatorInstancePlugin sim = new SimulatorInstancePlugin("compute");
        Map<String, Map<String, String>> model = new LinkedHashMap<>(); // ID -> tags, creation order
        List<String> everId = new ArrayList<>();

        for (Op op : ops) {
            switch (op) {
                case Provision p -> {
                    String id = sim.provision(new InstanceSpec(null, p.tags(), "", null, null));
                    Map<String, String> tags = new HashMap<>(p.tags());
                    tags.put("simulator", "simulator");
                    model.put(id, tags);
                    everId.add(id);
                }
                case Label l when !everId.isEmpty() -> {
                    String id = everId.get(l.target() % everId.size());
                    if (model.containsKey(id)) {
                        sim.label(id, l.labels());
                        model.get(id).putAll(l.labels());
                    } else {
                        try {
                            sim.label(id, l.labels());
                            throw new AssertionError("label of a destroyed instance must fail");
                        } catch (PluginException expected) {
                            // fine
                        }
                    }
                }
                case Destroy d when !everId.isEmpty() -> {
                    String id = everId.get(d.target() % everId.size());
                    boolean existed = model.remove(id) != null;
                    try {
                        sim.destroy(id, DestroyContext.terminate());
                        assertThat(existed).isTrue();
                    } catch (PluginException e) {
                        assertThat(existed).isFalse();
                    }
                }
                case Kill k when !everId.isEmpty() -> {
                    String id = everId.get(k.target() % everId.size());
                    assertThat(sim.kill(id)).isEqualTo(model.remove(id) != null);
                }
                default -> {
                    // label/destroy/kill before any provision: nothing to aim at
                }
            }
        }

        for (Map<String, String> query : queries) {
            List<String> expected = model.entrySet().stream()
                    .filter(e -> Tags.containsAll(e.getValue(), query)).map(Map.Entry::getKey).toList();
            List<InstanceDescription> actual = sim.describeInstances(query, false);
            assertThat(actual).extracting(InstanceDescription::id).as("query %s", query).isEqualTo(expected);
            for (InstanceDescription d : actual) {
                assertThat(d.tags()).isEqualTo(model.get(d.id()));
            }
        }
        assertThat(sim.size()).isEqualTo(model.size());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> provision = tags().map(Provision::new);
        Arbitrary<Op> label = Combinators.combine(Arbitraries.integers().between(0, 1000), tags()).as(Label::new);
        Arbitrary<Op> destroy = Arbitraries.integers().between(0, 1000).map(Destroy::new);
        Arbitrary<Op> kill = Arbitraries.integers().between(0, 1000).map(Kill::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, provision), net.jqwik.api.Tuple.of(2, label),
                net.jqwik.api.Tuple.of(2, destroy), net.jqwik.api.Tuple.of(1, kill)).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Map<String, String>>> queries() {
        return Arbitraries.maps(keys(), values()).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<Map<String, String>> tags() {
        return Arbitraries.maps(keys(), values()).ofMaxSize(3);
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.of("infrakit.group", "infrakit.config.hash", "role", "simulator");
    }

    private static Arbitrary<String> values() {
        return Arbitraries.of("a", "b", "c", "simulator");
    }
}
