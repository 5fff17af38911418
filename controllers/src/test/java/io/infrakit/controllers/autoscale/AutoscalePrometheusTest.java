package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.SimulatedGroups;
import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The autoscaler against a real Prometheus scraping a real pushgateway, sizing a simulated group. */
class AutoscalePrometheusTest {

    @TempDir
    Path dir;
    private PrometheusEngine engine;
    private SimulatedGroups sim;
    private AutoscaleController autoscale;
    private final List<int[]> changes = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        PrometheusEngine.assumeAvailable();
        engine = new PrometheusEngine(dir);
        engine.startPushgateway();
        engine.startPrometheus();
        sim = new SimulatedGroups();
        autoscale = new AutoscaleController(sim.plugins, Clock.systemUTC());
        sim.events.subscribe((Event e) -> {
            if (e.type() == EventType.AUTOSCALED && e.message().startsWith("size ") && e.message().contains("->")) {
                String[] p = e.message().substring(5, e.message().indexOf(',')).split(" -> ");
                changes.add(new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1])});
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (autoscale != null) {
            autoscale.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private ControllerSpec spec(String query, int min, int max) throws Exception {
        return new ObjectMapper().readValue("""
                {"kind": "autoscale", "metadata": {"name": "web"},
                 "properties": {"Group": "group/web", "Prometheus": "%s", "Query": "%s", "Target": 50,
                   "Min": %d, "Max": %d, "MaxStep": 2, "ScaleOutCooldown": "1s", "ScaleInCooldown": "3s",
                   "Interval": "300ms"}}""".formatted(engine.prometheusUri(), query, min, max), ControllerSpec.class);
    }

    private int size() {
        return sim.groups.size("web");
    }

    @Test
    void scalesTwoToSixOnDemandBackAfterTheCooldownAndNeverInWithoutData() throws Exception {
        sim.commit("web", 2);
        engine.push("demand", 20);
        autoscale.commit(Operation.ENFORCE, spec("max(demand)", 2, 6));

        engine.push("demand", 300);           // 300 / 50 per member = 6
        await().atMost(Duration.ofSeconds(20)).until(() -> size() == 6);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("web").size() == 6);

        engine.push("demand", 900);           // wants 18: Max holds it at 6
        Thread.sleep(2000);
        assertThat(size()).isEqualTo(6);

        long lowAt = System.nanoTime();
        engine.push("demand", 10);            // back to Min 2, only after the 3 s scale-in cooldown
        await().atMost(Duration.ofSeconds(30)).until(() -> size() == 2);
        assertThat((System.nanoTime() - lowAt) / 1e9).isGreaterThan(3.0 - 1.5);

        // Up again, then Prometheus goes away while the demand falls: nothing scales in.
        engine.push("demand", 300);
        await().atMost(Duration.ofSeconds(20)).until(() -> size() == 6);
        engine.stopPrometheus();
        engine.push("demand", 0);
        Thread.sleep(6000);                   // twice the scale-in cooldown, 20 decisions
        assertThat(size()).isEqualTo(6);
        assertThat(sim.events.history()).anyMatch(e -> e.type() == EventType.AUTOSCALED && e.message().contains("no data"));

        // A manual scale still works, and is brought back within Max.
        sim.groups.setSize("web", 9);
        await().atMost(Duration.ofSeconds(10)).until(() -> size() == 6);

        // Prometheus back: the low demand is seen, and the group comes down to Min.
        engine.startPrometheus();
        await().atMost(Duration.ofSeconds(30)).until(() -> size() == 2);

        synchronized (changes) {
            assertThat(changes).isNotEmpty();
            for (int[] c : changes) {
                assertThat(Math.abs(c[1] - c[0])).as("size %d -> %d", c[0], c[1]).isLessThanOrEqualTo(2);
                if (c[0] >= 2 && c[0] <= 6) {
                    assertThat(c[1]).as("size %d -> %d", c[0], c[1]).isBetween(2, 6);
                } else {
                    assertThat(c[1]).as("the manual 9 comes back towards Max").isLessThan(c[0]);
                }
            }
        }
    }

    private String policy(String query, int min, int max) {
        return """
                "Policy": {"Autoscale": {"Prometheus": "%s", "Query": "%s", "Target": 50, "Min": %d, "Max": %d,
                  "MaxStep": 2, "ScaleOutCooldown": "1s", "ScaleInCooldown": "3s", "Interval": "300ms"}}"""
                .formatted(engine.prometheusUri(), query, min, max);
    }

    @Test
    void aGroupsPolicyAutoscaleIsCarriedOut() throws Exception {
        // The group validator refuses what it can tell without Prometheus, naming the field.
        assertThatThrownBy(() -> sim.commit("web", 2, policy("max(demand)", 7, 6)))
                .hasMessageContaining("Policy.Autoscale.Min 7 is above Max 6");
        engine.push("demand", 20);
        sim.commit("web", 2, policy("max(demand)", 2, 6));
        try (PolicyAutoscalers policies = new PolicyAutoscalers(sim.plugins, "group", "group-stateless",
                Duration.ofMillis(200), Clock.systemUTC())) {
            engine.push("demand", 300);
            await().atMost(Duration.ofSeconds(20)).until(() -> size() == 6);
            engine.push("demand", 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> size() == 2);

            // A slip the validator sees without Prometheus is refused at commit, naming the field.
            assertThatThrownBy(() -> sim.commit("web", 2, policy("max(demand", 2, 6)))
                    .hasMessageContaining("Policy.Autoscale.Query 'max(demand' does not parse: '(' at character 4 is never closed");
            // A query only Prometheus refuses: the group is left alone and an event says why.
            sim.commit("web", 2, policy("max(demand) +", 2, 6));
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.events.history().stream().anyMatch(e ->
                    e.type() == EventType.AUTOSCALED && e.message().contains("Policy.Autoscale refused")
                            && e.message().contains("Policy.Autoscale.Query")));
            engine.push("demand", 300);
            Thread.sleep(1500);
            assertThat(size()).isEqualTo(2);
        }
    }

    @Test
    void badSpecsAreRefusedNamingTheField() throws Exception {
        sim.commit("web", 2);
        assertThatThrownBy(() -> autoscale.commit(Operation.ENFORCE, spec("max(demand", 2, 6)))
                .isInstanceOf(PluginException.class).hasMessageContaining("properties.Query: 'max(demand' is refused by Prometheus");
        assertThatThrownBy(() -> autoscale.commit(Operation.ENFORCE, spec("max(demand)", 7, 6)))
                .hasMessageContaining("properties.Min: 7 is above Max 6");
        ControllerSpec noGroup = new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(spec("max(demand)", 2, 6))
                .replace("group/web", "group/nope"), ControllerSpec.class);
        assertThatThrownBy(() -> autoscale.commit(Operation.ENFORCE, noGroup)).hasMessageContaining("properties.Group: 'group/nope'");
        assertThat(autoscale.describe(null)).isEmpty();
        assertThat(size()).isEqualTo(2);
    }
}
