package io.infrakit.controllers.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.SimulatedGroups;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The enrollment controller keeps a simulator "allow list" equal to a group's members. */
class EnrollmentControllerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SimulatedGroups sim = new SimulatedGroups();
    private final SimulatorInstancePlugin allowList = new SimulatorInstancePlugin("allowlist");
    private final EnrollmentController enrollment;

    EnrollmentControllerTest() {
        sim.plugins.put("simulator/allowlist", allowList);
        enrollment = new EnrollmentController(sim.plugins, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        enrollment.close();
        sim.close();
    }

    private ControllerSpec spec(String list, String plugin) throws Exception {
        return json.readValue("""
                {"kind": "enrollment", "metadata": {"name": "nfs"},
                 "properties": {"List": "%s",
                   "Instance": {"Plugin": "%s", "Properties": {"host": "{{.ID}}", "access": "rw"}}},
                 "options": {"SyncInterval": "30s"}}""".formatted(list, plugin), ControllerSpec.class);
    }

    private List<InstanceDescription> entries() {
        return allowList.describeInstances(Map.of(ManagedEnrollment.NAME_TAG, "nfs"), true);
    }

    /** The allow list's entries, by the member each stands for. */
    private Set<String> allowed() {
        return entries().stream().map(d -> d.tag(ManagedEnrollment.SOURCE_TAG)).collect(Collectors.toSet());
    }

    @Test
    void theAllowListFollowsScaleUpScaleDownAndHeal() throws Exception {
        sim.commit("workers", 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 3);
        enrollment.commit(Operation.ENFORCE, spec("group/workers", "simulator/allowlist"));
        await().atMost(Duration.ofSeconds(5)).until(() -> allowed().equals(sim.members("workers")) && entries().size() == 3);
        // Each entry was provisioned with its member's ID in place of {{.ID}}.
        assertThat(entries()).allSatisfy(d -> {
            assertThat(d.properties().path("host").asText()).isEqualTo(d.tag(ManagedEnrollment.SOURCE_TAG));
            assertThat(d.properties().path("access").asText()).isEqualTo("rw");
        });

        sim.groups.setSize("workers", 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 5
                && allowed().equals(sim.members("workers")) && entries().size() == 5);

        sim.groups.setSize("workers", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 2
                && allowed().equals(sim.members("workers")) && entries().size() == 2);

        // Heal: a member dies outside the controller; its entry goes, its replacement's comes.
        String victim = sim.members("workers").iterator().next();
        sim.compute.destroy(victim, DestroyContext.terminate());
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.members("workers").size() == 2
                && !sim.members("workers").contains(victim)
                && allowed().equals(sim.members("workers")) && entries().size() == 2);
    }

    @Test
    void badSpecsAreRefusedNamingTheField() throws Exception {
        sim.commit("workers", 1);
        assertThatThrownBy(() -> enrollment.commit(Operation.ENFORCE, spec("group/nope", "simulator/allowlist")))
                .isInstanceOf(PluginException.class).hasMessageContaining("properties.List: 'group/nope'");
        assertThatThrownBy(() -> enrollment.commit(Operation.ENFORCE, spec("group/workers", "simulator/missing")))
                .hasMessageContaining("properties.Instance: 'simulator/missing'");
        assertThatThrownBy(() -> enrollment.commit(Operation.ENFORCE, json.readValue(
                "{\"kind\": \"enrollment\", \"metadata\": {\"name\": \"nfs\"}, \"properties\": {\"Instance\": {}}}",
                ControllerSpec.class)))
                .hasMessageContaining("properties.List: missing")
                .hasMessageContaining("properties.Instance.Plugin: missing");
        assertThat(enrollment.describe(null)).isEmpty();
        assertThat(allowList.describeInstances(Map.of(), false)).isEmpty();
    }
}
