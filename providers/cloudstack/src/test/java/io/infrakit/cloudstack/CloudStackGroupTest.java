package io.infrakit.cloudstack;

import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.testing.GroupHarness;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/cloudstack/docker-hosts.yml read by the spec pipeline (SpecReader) and run by the real
 * group controller with the vanilla flavor against the fake CloudStack (FakeCloudStack).
 */
class CloudStackGroupTest {

    static final Path EXAMPLE = Path.of("../../examples/cloudstack/docker-hosts.yml");

    private FakeCloudStack fake;
    private CloudStackInstancePlugin plugin;
    private GroupControllerPlugin groups;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCloudStack();
        fake.jobDelay(Duration.ofMillis(30));
        plugin = new CloudStackInstancePlugin(fake.options().withExpunge(true).withPageSize(2));
        // CloudStack sends no events: healing comes from the controller's poll, short here.
        groups = GroupHarness.controller("cloudstack", plugin, Duration.ofMillis(300));
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

    private List<InstanceDescription> members(String group) {
        return plugin.describeInstances(Map.of(Tags.GROUP, group), false);
    }

    /**
     * Waits until the controller has itself observed every member: until then it counts a fresh
     * provision as not visible yet (the provider may be slow) rather than as lost.
     */
    private void settled(String group) {
        GroupHarness.settled(groups, plugin, group, Duration.ofSeconds(20));
    }

    private String templateOf(String id) {
        FakeCloudStack.Vm vm = fake.vm(id);
        return vm == null ? null : vm.deployParams.get("templateid");
    }

    private Set<String> ids(String group) {
        return members(group).stream().map(InstanceDescription::id).collect(Collectors.toSet());
    }

    @Test
    void theExampleRunsAgainstTheFakeAndItsInitArrivesAsUserData() {
        GroupSpec spec = example(Map.of());
        assertThat(spec.id()).isEqualTo("docker-hosts");
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> members("docker-hosts").size() == 3);

        assertThat(members("docker-hosts")).allSatisfy(m -> assertThat(m.tags())
                .containsEntry("role", "docker-host").containsEntry("project", "docker-hosts").containsKey(Tags.CONFIG_HASH));
        for (String id : ids("docker-hosts")) {
            FakeCloudStack.Vm vm = fake.vm(id);
            String init = new String(Base64.getDecoder().decode(vm.userData()), StandardCharsets.UTF_8);
            assertThat(init).startsWith("#!/bin/bash\n").contains("curl -fsSL https://get.docker.com | sh\n").contains("systemctl enable --now docker");
            assertThat(vm.deployParams).containsEntry("zoneid", FakeCloudStack.ZONE_ID).doesNotContainKey("keypair");
        }
        groups.destroyGroup("docker-hosts");
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }

    @Test
    void aGroupOfFiveHealsAVmDestroyedBehindItsBackAndRollsANewTemplate() {
        GroupSpec spec = example(Map.of("SIZE", "5"));
        String group = spec.id();
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> members(group).size() == 5);
        Set<String> before = ids(group);
        assertThat(fake.live()).hasSize(5);

        // Someone expunges a VM in the CloudStack UI: the next poll brings a replacement.
        settled(group);
        String victim = before.iterator().next();
        fake.expungeBehindTheBack(victim);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Set<String> now = ids(group);
            return now.size() == 5 && !now.contains(victim);
        });
        assertThat(fake.live()).hasSize(5);

        // The controller's polls are paged listings by the group's tag for the whole group, never one call per VM.
        assertThat(fake.calls()).filteredOn(c -> c.command().equals("listVirtualMachines")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.params()).doesNotContainKey("id").containsEntry("tags[0].key", Tags.GROUP).containsKey("page"));

        // A new template: every member is replaced by a rolling update.
        Set<String> healed = ids(group);
        groups.commitGroup(example(Map.of("SIZE", "5", "TEMPLATE", "debian-13")), false);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Set<String> now = ids(group);
            return now.size() == 5 && now.stream().allMatch(id -> FakeCloudStack.TEMPLATE_2_ID.equals(templateOf(id)));
        });
        assertThat(ids(group)).doesNotContainAnyElementsOf(healed);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.live().size() == 5);

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }

    @Test
    void petsOfAGroupKeepTheirNamesWhenReplaced() {
        GroupSpec spec = example(Map.of());
        var props = (com.fasterxml.jackson.databind.node.ObjectNode) spec.properties().deepCopy();
        props.remove("Allocation");
        props.putObject("Allocation").putArray("LogicalIDs").add("node-1").add("node-2");
        groups.commitGroup(new GroupSpec("pets", props), false);
        await().atMost(Duration.ofSeconds(20)).until(() -> members("pets").size() == 2);
        Map<String, String> byName = members("pets").stream().collect(Collectors.toMap(InstanceDescription::logicalId, InstanceDescription::id));
        assertThat(byName).containsOnlyKeys("node-1", "node-2");
        assertThat(fake.vm(byName.get("node-2")).deployParams).containsEntry("name", "node-2");

        // Expunged behind its back, node-2 comes back under the same name (expunge frees the name).
        settled("pets");
        fake.expungeBehindTheBack(byName.get("node-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> members("pets").stream()
                .anyMatch(m -> "node-2".equals(m.logicalId()) && !m.id().equals(byName.get("node-2"))));
        groups.destroyGroup("pets");
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }
}
