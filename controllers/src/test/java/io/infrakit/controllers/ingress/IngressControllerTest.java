package io.infrakit.controllers.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.FakeL4;
import io.infrakit.controllers.SimulatedGroups;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The ingress controller over simulated groups and a fake balancer: sync, drain order, refusals. */
class IngressControllerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SimulatedGroups sim = new SimulatedGroups();
    private final FakeL4 lb = new FakeL4();
    private final IngressController ingress;

    IngressControllerTest() {
        sim.plugins.put("fake/lb", lb);
        ingress = new IngressController(sim.plugins, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        ingress.close();
        sim.close();
    }

    private ControllerSpec spec(String text) throws Exception {
        return json.readValue(text, ControllerSpec.class);
    }

    private ControllerSpec web(String options) throws Exception {
        return spec("""
                {"kind": "ingress", "metadata": {"name": "web"},
                 "properties": [{"L4Plugin": "fake/lb",
                   "Routes": [{"LoadBalancerPort": 8080, "Port": 80, "Protocol": "tcp"}],
                   "Backends": {"Groups": ["group/workers"]}}],
                 "options": %s}""".formatted(options));
    }

    @Test
    void theBalancerFollowsScaleUpScaleDownAndDrainsBeforeEachDestroy() throws Exception {
        sim.commit("workers", 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 3);
        lb.addByHand("10.9.9.9");
        ingress.commit(Operation.ENFORCE, web("{\"SourceKeySelector\": \"{{ .ID }}\", \"SyncInterval\": \"30s\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> lb.inTraffic().equals(union(sim.members("workers"), "10.9.9.9")));
        assertThat(lb.routes()).singleElement().satisfies(r -> assertThat(r.loadBalancerPort()).isEqualTo(8080));

        // Events, not the 30 s sync period, carry the changes.
        sim.groups.setSize("workers", 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 5
                && lb.inTraffic().equals(union(sim.members("workers"), "10.9.9.9")));

        List<String> order = new ArrayList<>();
        sim.events.subscribe(e -> {
            if (e.type() == EventType.DESTROYED) {
                synchronized (order) {
                    order.add("destroyed " + e.instance());
                }
            }
        });
        lb.calls.clear();
        sim.groups.setSize("workers", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 2
                && new HashSet<>(lb.backends()).equals(union(sim.members("workers"), "10.9.9.9")));
        // Each removed member was drained in the balancer before the group destroyed it.
        List<String> drains = lb.calls.stream().filter(c -> c.startsWith("drain")).toList();
        assertThat(drains).hasSize(3);
        for (String d : drains) {
            String id = d.substring("drain [".length(), d.length() - 1);
            synchronized (order) {
                assertThat(order).contains("destroyed " + id);
            }
            int deregistered = -1;
            synchronized (lb.calls) {
                for (int i = 0; i < lb.calls.size(); i++) {
                    if (lb.calls.get(i).startsWith("deregister") && lb.calls.get(i).contains(id)) {
                        deregistered = i;
                    }
                }
            }
            assertThat(lb.calls.indexOf(d)).isLessThan(deregistered);
        }
        // The hand-added backend was never touched (HardSync is off).
        assertThat(lb.backends()).contains("10.9.9.9");

        ControllerSpec hard = web("{\"SourceKeySelector\": \"{{ .ID }}\", \"HardSync\": true}");
        ingress.commit(Operation.ENFORCE, hard);
        await().atMost(Duration.ofSeconds(5)).until(() -> new HashSet<>(lb.backends()).equals(sim.members("workers")));
        assertThat(ingress.describe(Metadata.named("web"))).singleElement()
                .satisfies(o -> assertThat(o.state().path("Backends").path("fake/lb")).hasSize(2));
    }

    private static java.util.Set<String> union(java.util.Set<String> a, String b) {
        var s = new HashSet<>(a);
        s.add(b);
        return s;
    }

    @Test
    void badSpecsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        sim.commit("workers", 1);
        ControllerSpec missingGroup = spec("""
                {"kind": "ingress", "metadata": {"name": "web"},
                 "properties": [{"L4Plugin": "fake/lb",
                   "Routes": [{"LoadBalancerPort": 8080, "Port": 80}],
                   "Backends": {"Groups": ["group/nope"]}}]}""");
        assertThatThrownBy(() -> ingress.commit(Operation.ENFORCE, missingGroup)).isInstanceOf(PluginException.class)
                .hasMessageContaining("properties[0].Backends.Groups[0]: 'group/nope'")
                .hasMessageContaining("not managed");

        ControllerSpec many = spec("""
                {"kind": "ingress", "metadata": {"name": "web"},
                 "properties": [{"L4Plugin": "nowhere/lb", "Color": "red",
                   "Routes": [{"LoadBalancerPort": 70000, "Port": 80, "Protocol": "carrier-pigeon"}],
                   "Backends": {"Groups": ["group/workers"]},
                   "HealthChecks": [{"BackendPort": 80, "Interval": "soon"}]}],
                 "options": {"SyncInterval": "0s", "SourceKeySelector": "{{ range .Foo }}"}}""");
        assertThatThrownBy(() -> ingress.commit(Operation.ENFORCE, many))
                .hasMessageContaining("properties[0].L4Plugin: 'nowhere/lb'")
                .hasMessageContaining("properties[0].Color: not a known field")
                .hasMessageContaining("properties[0].Routes[0].LoadBalancerPort: 70000 is out of range")
                .hasMessageContaining("properties[0].Routes[0].Protocol: protocol 'carrier-pigeon'")
                .hasMessageContaining("properties[0].HealthChecks[0].Interval: 'soon' is not a duration")
                .hasMessageContaining("options.SyncInterval")
                .hasMessageContaining("options.SourceKeySelector");
        assertThatThrownBy(() -> ingress.commit(Operation.ENFORCE, spec("{\"kind\": \"group\", \"metadata\": {\"name\": \"x\"}}")))
                .hasMessageContaining("kind: 'group' is not served here")
                .hasMessageContaining("properties: expected a list");
        assertThat(ingress.describe(null)).isEmpty();
        assertThat(lb.calls).isEmpty();
    }
}
