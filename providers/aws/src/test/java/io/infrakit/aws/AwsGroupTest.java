package io.infrakit.aws;

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
 * examples/aws/docker-hosts.yml read by the spec pipeline (SpecReader) and run by the real group
 * controller with the vanilla flavor, through the plugin over the real AWS SDK, against the fake
 * EC2 (FakeEc2).
 */
class AwsGroupTest {

    static final Path EXAMPLE = Path.of("../../examples/aws/docker-hosts.yml");

    private FakeEc2 fake;
    private AwsInstancePlugin plugin;
    private GroupControllerPlugin groups;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeEc2();
        plugin = fake.plugin(fake.options().withPageSize(5).withThrottleTimeout(Duration.ofSeconds(30)));
        // EC2 sends no events: healing comes from the controller's poll, short here.
        groups = GroupHarness.controller("aws", plugin, Duration.ofMillis(300));
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
    void aGroupOfFiveHealsAnInstanceTerminatedBehindItsBackAndRollsANewAmi() {
        GroupSpec spec = example(Map.of("SIZE", "5"));
        String group = spec.id();
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(group).size() == 5);
        assertThat(fake.live()).hasSize(5).allSatisfy(i -> {
            assertThat(i.tags).containsEntry("role", "docker-host").containsEntry("project", "docker-hosts").containsKey(Tags.CONFIG_HASH);
            assertThat(i.userData()).startsWith("#!/bin/bash\n").contains("curl -fsSL https://get.docker.com | sh");
            assertThat(i.params).containsEntry("BlockDeviceMapping.1.Ebs.VolumeType", "gp3");
        });

        // Someone terminates an instance in the console: the next poll brings a replacement.
        settled(group);
        String victim = ids(group).iterator().next();
        fake.terminateBehindTheBack(victim);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Set<String> now = ids(group);
            return now.size() == 5 && !now.contains(victim);
        });

        // The controller's polls are paged listings by the group's tag, never one call per instance.
        assertThat(fake.calls()).filteredOn(c -> c.action().equals("DescribeInstances")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.params()).doesNotContainKey("InstanceId.1").containsEntry("Filter.1.Name", "tag:" + Tags.GROUP));

        // A new AMI: every member is replaced by a rolling update.
        Set<String> healed = ids(group);
        groups.commitGroup(example(Map.of("SIZE", "5", "AMI", FakeEc2.AMI_2)), false);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Set<String> now = ids(group);
            return now.size() == 5 && now.stream().allMatch(id -> FakeEc2.AMI_2.equals(fake.instance(id).imageId));
        });
        assertThat(ids(group)).doesNotContainAnyElementsOf(healed);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.live().size() == 5);

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }

    @Test
    void petsComeBackUnderTheirLogicalIds() {
        GroupSpec spec = example(Map.of());
        var props = (com.fasterxml.jackson.databind.node.ObjectNode) spec.properties().deepCopy();
        props.remove("Allocation");
        props.putObject("Allocation").putArray("LogicalIDs").add("node-1").add("10.0.1.20");
        groups.commitGroup(new GroupSpec("pets", props), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("pets").size() == 2);
        Map<String, String> byName = plugin.describeInstances(Map.of(Tags.GROUP, "pets"), false).stream()
                .collect(Collectors.toMap(InstanceDescription::logicalId, InstanceDescription::id));
        assertThat(byName).containsOnlyKeys("node-1", "10.0.1.20");
        assertThat(fake.instance(byName.get("10.0.1.20")).privateIp).isEqualTo("10.0.1.20");

        settled("pets");
        fake.terminateBehindTheBack(byName.get("node-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> plugin.describeInstances(Map.of(Tags.GROUP, "pets"), false).stream()
                .anyMatch(m -> "node-1".equals(m.logicalId()) && !m.id().equals(byName.get("node-1"))));
        groups.destroyGroup("pets");
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }

    @Test
    void throttledForFiveSecondsTheGroupEndsAtExactlyItsSizeWithoutADuplicate() {
        // Every call is refused for 5 s, and the first three launches that get through lose their answers.
        fake.throttleFor(Duration.ofSeconds(5));
        fake.loseRunAnswers(3);
        GroupSpec spec = example(Map.of("SIZE", "5"));
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(45)).until(() -> fake.live().size() >= 5);
        settled(spec.id());
        // A few more polls: nothing is launched beyond the group's size, and nothing was ever launched twice.
        long polls = fake.count("DescribeInstances");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.count("DescribeInstances") >= polls + 3);
        assertThat(fake.throttledCalls()).isPositive();
        assertThat(fake.live()).hasSize(5);
        assertThat(fake.launched()).hasSize(5);
        List<String> tokens = fake.calls().stream().filter(c -> c.action().equals("RunInstances")).map(c -> c.params().get("ClientToken")).toList();
        assertThat(tokens).hasSizeGreaterThan(5); // the lost answers were asked again ...
        assertThat(tokens.stream().distinct()).hasSize(5); // ... with the same tokens
        groups.destroyGroup(spec.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.live().isEmpty());
    }
}
