package io.infrakit.gcp;

import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.testing.GroupHarness;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/gcp/docker-hosts.yml read by the spec pipeline (SpecReader) and run by the real group
 * controller with the vanilla flavor, through the plugin over Google's real client, against the fake
 * Compute Engine (FakeCompute).
 */
class GcpGroupTest {

    static final Path EXAMPLE = Path.of("../../examples/gcp/docker-hosts.yml");

    private FakeCompute fake;
    private GcpInstancePlugin plugin;
    private GroupControllerPlugin groups;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCompute();
        plugin = fake.plugin(fake.options().withPageSize(5).withThrottleTimeout(Duration.ofSeconds(30)));
        // Compute Engine sends no events: healing comes from the controller's poll, short here.
        groups = GroupHarness.controller("gcp", plugin, Duration.ofMillis(300));
    }

    @AfterEach
    void stop() throws Exception {
        groups.close();
        plugin.close();
        fake.close();
    }

    private static GroupSpec example(Map<String, String> vars) {
        return GroupHarness.example(EXAMPLE, vars);
    }

    private Set<String> ids(String group) {
        return GroupHarness.ids(plugin, group);
    }

    /**
     * Until the controller has itself observed every member, and every Provision has returned, it
     * counts a fresh one as not visible yet, not as lost (a VM is listed before its insert returns).
     */
    private void settled(String group) {
        GroupHarness.settledAndIdle(groups, plugin, group, Duration.ofSeconds(30));
    }

    @Test
    void aGroupOfFiveHealsAVmDeletedBehindItsBackAndRollsANewImage() {
        GroupSpec spec = example(Map.of("SIZE", "5"));
        String group = spec.id();
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(group).size() == 5);
        assertThat(fake.live()).hasSize(5).allSatisfy(vm -> {
            assertThat(vm.labels()).containsEntry("role", "docker-host").containsEntry("project", "docker-hosts").containsKey("infrakit_2econfig_2ehash");
            assertThat(vm.startupScript()).startsWith("#!/bin/bash\n").contains("curl -fsSL https://get.docker.com | sh");
            assertThat(vm.name()).startsWith("docker-hosts-");
        });

        // Someone deletes a VM in the console: the next poll brings a replacement.
        settled(group);
        String victim = ids(group).iterator().next();
        fake.deleteBehindTheBack(victim);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Set<String> now = ids(group);
            return now.size() == 5 && !now.contains(victim);
        });

        // The controller's polls are paged listings by the group's tag, never one call per instance.
        assertThat(fake.calls()).filteredOn(c -> c.method().equals("GET") && c.resource().equals("instances")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.name()).isNull());
        assertThat(fake.calls()).filteredOn(c -> c.method().equals("GET") && c.resource().equals("instances") && c.fieldMask() != null).isNotEmpty()
                .allSatisfy(c -> assertThat(c.query().get("filter")).contains("labels.infrakit_2egroup = \"docker-hosts\""));

        // A new image: every member is replaced by a rolling update.
        Set<String> healed = ids(group);
        groups.commitGroup(example(Map.of("SIZE", "5", "IMAGE", FakeCompute.IMAGE_2)), false);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Set<String> now = ids(group);
            return now.size() == 5 && now.stream().allMatch(id -> {
                FakeCompute.Vm vm = fake.vm(id); // null when deleted since the listing
                return vm != null && FakeCompute.IMAGE_2.equals(vm.image());
            });
        });
        assertThat(ids(group)).doesNotContainAnyElementsOf(healed);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.live().size() == 5);

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }

    @Test
    void petsComeBackUnderTheirNames() {
        GroupSpec spec = example(Map.of());
        var props = (com.fasterxml.jackson.databind.node.ObjectNode) spec.properties().deepCopy();
        props.remove("Allocation");
        props.putObject("Allocation").putArray("LogicalIDs").add("node-1").add("node-2");
        groups.commitGroup(new GroupSpec("pets", props), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("pets").size() == 2);
        Map<String, String> byName = plugin.describeInstances(Map.of(Tags.GROUP, "pets"), false).stream()
                .collect(Collectors.toMap(InstanceDescription::logicalId, InstanceDescription::id));
        assertThat(byName).containsOnlyKeys("node-1", "node-2");
        assertThat(byName).containsEntry("node-1", "node-1").containsEntry("node-2", "node-2");

        settled("pets");
        fake.deleteBehindTheBack(byName.get("node-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> plugin.describeInstances(Map.of(Tags.GROUP, "pets"), false).stream()
                .anyMatch(m -> "node-1".equals(m.logicalId())) && fake.everCreated().stream().filter("node-1"::equals).count() == 2);
        groups.destroyGroup("pets");
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }

    @Test
    void rateLimitedForFiveSecondsTheGroupEndsAtExactlyItsSizeWithoutADuplicate() {
        // Every call is refused rateLimitExceeded for 5 s, and the first three inserts that get through lose their answers.
        fake.throttleFor(Duration.ofSeconds(5));
        fake.loseInsertAnswers(3);
        GroupSpec spec = example(Map.of("SIZE", "5"));
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(45)).until(() -> fake.live().size() >= 5);
        settled(spec.id());
        // A few more polls: nothing is launched beyond the group's size, and nothing was ever launched twice.
        long polls = fake.count("GET", "instances");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.count("GET", "instances") >= polls + 3);
        assertThat(fake.rateLimited()).isPositive();
        assertThat(fake.live()).hasSize(5);
        assertThat(fake.everCreated()).hasSize(5);
        List<String> requestIds = fake.calls().stream().filter(c -> c.method().equals("POST") && c.resource().equals("instances"))
                .map(c -> c.query().get("requestId")).toList();
        assertThat(requestIds).hasSizeGreaterThan(5); // the lost answers were asked again ...
        assertThat(requestIds.stream().distinct()).hasSize(5); // ... with the same request IDs
        groups.destroyGroup(spec.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }
}
