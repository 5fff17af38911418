package io.infrakit.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.core.testing.GroupHarness;
import io.infrakit.spi.plugin.PluginLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Policy.HealthCheck on a real Docker engine: busybox {@code httpd} in each container answers the
 * controller's HTTP check at the container's IP; a member whose server is stopped is judged
 * unhealthy within Interval x UnhealthyThreshold + 1 s and replaced.
 */
class DockerHealthCheckTest extends OnDockerEngine {

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private DockerInstancePlugin plugin;
    private GroupControllerPlugin groups;
    private EventBus events;

    @BeforeEach
    void start() {
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(2)));
        PluginLookup lookup = GroupHarness.lookup("docker", plugin);
        events = new EventBus();
        // A long poll: what turns a member unhealthy here is the controller's own check, not a poll.
        groups = new GroupControllerPlugin(lookup, events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofSeconds(30), 8, true));
    }

    @AfterEach
    void stop() throws Exception {
        groups.close();
        plugin.close();
        DockerTestEngine.removeAll(docker, run);
    }

    @Test
    void aMemberWhoseHttpServerStopsIsUnhealthyWithinIntervalTimesThresholdAndReplaced() throws Exception {
        String group = "web-" + run;
        GroupSpec spec = new GroupSpec(group, json.readTree("""
                {"Allocation": {"Size": 2},
                 "Instance": {"Plugin": "docker", "Properties": {
                     "Config": {"Image": "infrakit-test/busybox:1"},
                     "Tags": {"%s": "%s"}}},
                 "Flavor": {"Plugin": "vanilla", "Properties": {
                     "Init": ["mkdir -p /www && echo ok > /www/healthz && httpd -p 8080 -h /www"]}},
                 "Policy": {"UnhealthyGrace": "0s", "MaxUnhealthy": 1,
                            "HealthCheck": {"Http": {"Port": 8080, "Path": "/healthz"}, "Interval": "1s",
                                            "Timeout": "500ms", "UnhealthyThreshold": 3}}}"""
                .formatted(DockerTestEngine.TEST_LABEL, run)));
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> groups.describeGroup(group).status().healthy() == 2);

        List<InstanceDescription> members = plugin.describeInstances(Map.of(Tags.GROUP, group), false);
        String victim = members.get(0).id();
        Instant stopped = Instant.now();
        assertThat(plugin.exec(victim, List.of("killall", "httpd"), Duration.ofSeconds(5)).exitCode()).isZero();

        // Interval 1 s x UnhealthyThreshold 3, plus 1 s.
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50)).until(() -> events.history().stream()
                .anyMatch(e -> e.type() == EventType.UNHEALTHY && victim.equals(e.instance())));
        Event unhealthy = events.history().stream()
                .filter(e -> e.type() == EventType.UNHEALTHY && victim.equals(e.instance())).findFirst().orElseThrow();
        assertThat(Duration.between(stopped, unhealthy.time())).isLessThanOrEqualTo(Duration.ofSeconds(4));

        // Replaced: destroyed, and a new member answers the check.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                events.history().stream().anyMatch(e -> e.type() == EventType.DESTROYED && victim.equals(e.instance()))
                        && groups.describeGroup(group).status().healthy() == 2
                        && groups.describeGroup(group).instances().stream().noneMatch(d -> d.id().equals(victim)));
        assertThat(groups.describeGroup(group).instances()).hasSize(2);
    }
}
