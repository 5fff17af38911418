package io.infrakit.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.infrakit.simulator.SimulatorInstancePluginTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The simulator keeps thousands of instances compactly, and still answers as before. */
class SimulatorCompactStoreTest {

    private final SimulatorInstancePlugin sim = new SimulatorInstancePlugin("compute");

    static List<String> ids(List<InstanceDescription> ds) {
        return ds.stream().map(InstanceDescription::id).toList();
    }

    @Test
    void equalPropertiesAreKeptOnceAndACallersLaterChangeDoesNotReachThem() {
        ObjectNode props = (ObjectNode) json("{\"image\":\"v1\"}");
        String a = sim.provision(new InstanceSpec(props, Map.of("g", "x"), "echo hi", null, null));
        props.put("image", "changed by the caller");
        String b = sim.provision(new InstanceSpec(json("{\"image\":\"v1\"}"), Map.of("g", "x"), "echo hi", null, null));
        String c = sim.provision(new InstanceSpec(json("{\"image\":\"v2\"}"), Map.of("g", "x"), "echo hi", null, null));

        SimulatedInstance ia = sim.instance(a).orElseThrow();
        SimulatedInstance ib = sim.instance(b).orElseThrow();
        SimulatedInstance ic = sim.instance(c).orElseThrow();
        assertThat(ia.properties()).isEqualTo(json("{\"image\":\"v1\"}"));
        assertThat(ib.properties()).isSameAs(ia.properties());
        assertThat(ic.properties()).isEqualTo(json("{\"image\":\"v2\"}"));
        assertThat(sim.describeInstances(Map.of("g", "x"), true)).extracting(InstanceDescription::properties)
                .containsExactly(json("{\"image\":\"v1\"}"), json("{\"image\":\"v1\"}"), json("{\"image\":\"v2\"}"));
    }

    @Test
    void tagsAreCompactSortedAndSharedAmongInstances() {
        String a = sim.provision(new InstanceSpec(null, Map.of("zone", new String("z1"), "app", "web"), "", null, null));
        String b = sim.provision(new InstanceSpec(null, Map.of("zone", new String("z1"), "app", "web"), "", null, null));
        Map<String, String> ta = sim.instance(a).orElseThrow().tags();
        Map<String, String> tb = sim.instance(b).orElseThrow().tags();
        assertThat(ta).isInstanceOf(CompactTags.class);
        assertThat(List.copyOf(ta.keySet())).containsExactly("app", "simulator", "zone");
        assertThat(ta.get("zone")).isSameAs(tb.get("zone"));
        assertThat(ta).isEqualTo(Map.of("app", "web", "zone", "z1", "simulator", "simulator"));
    }

    @Test
    void indexBucketsKeepCreationOrderThroughLabelsAndDestroys() {
        String a = sim.provision(new InstanceSpec(null, Map.of("role", "web", "g", "x"), "", null, null));
        String b = sim.provision(new InstanceSpec(null, Map.of("role", "db", "g", "x"), "", null, null));
        String c = sim.provision(new InstanceSpec(null, Map.of("role", "web", "g", "x"), "", null, null));
        String d = sim.provision(new InstanceSpec(null, Map.of("role", "db", "g", "y"), "", null, null));

        // b moves into the web bucket between a and c: its place is by creation, not by when it came.
        sim.label(b, Map.of("role", "web"));
        assertThat(ids(sim.describeInstances(Map.of("role", "web"), false))).containsExactly(a, b, c);
        assertThat(ids(sim.describeInstances(Map.of("role", "db"), false))).containsExactly(d);
        // Labelled again with the same value: still once in its bucket.
        sim.label(b, Map.of("role", "web", "extra", "1"));
        assertThat(ids(sim.describeInstances(Map.of("role", "web"), false))).containsExactly(a, b, c);
        assertThat(ids(sim.describeInstances(Map.of("role", "web", "g", "x"), false))).containsExactly(a, b, c);

        sim.destroy(b, DestroyContext.terminate());
        assertThat(ids(sim.describeInstances(Map.of("role", "web"), false))).containsExactly(a, c);
        assertThat(ids(sim.describeInstances(Map.of("extra", "1"), false))).isEmpty();
        assertThat(sim.kill(a)).isTrue();
        sim.destroy(c, DestroyContext.terminate());
        assertThat(sim.describeInstances(Map.of("role", "web"), false)).isEmpty();
        assertThat(ids(sim.describeInstances(Map.of(), false))).containsExactly(d);
        String e = sim.provision(new InstanceSpec(null, Map.of("role", "web"), "", null, null));
        assertThat(ids(sim.describeInstances(Map.of("role", "web"), false))).containsExactly(e);
    }
}
