package io.infrakit.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Policy.WarmPool on the real Docker engine: stopped containers kept beside the group, started on scale-up. */
class DockerWarmPoolTest extends OnDockerEngine {

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private DockerInstancePlugin plugin;
    private GroupControllerPlugin groups;
    private EventBus events;

    @BeforeEach
    void start() {
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(1)));
        PluginLookup lookup = GroupHarness.lookup("docker", plugin);
        events = new EventBus();
        groups = new GroupControllerPlugin(lookup, events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofSeconds(1), 8, true));
    }

    @AfterEach
    void stop() throws Exception {
        groups.close();
        plugin.close();
        DockerTestEngine.removeAll(docker, run);
    }

    private GroupSpec example() throws Exception {
        ObjectNode doc = (ObjectNode) json.readTree(Path.of("../../examples/docker/warm-pool.json").toFile());
        String id = doc.path("ID").asText() + "-" + run;
        ((ObjectNode) doc.path("Properties").path("Instance").path("Properties")).withObjectProperty("Tags")
                .put(DockerTestEngine.TEST_LABEL, run);
        return new GroupSpec(id, doc.get("Properties"));
    }

    private List<InstanceDescription> members(String group, boolean warm) {
        return plugin.describeInstances(Map.of(Tags.GROUP, group), false).stream()
                .filter(d -> Tags.TRUE.equals(d.tag(Tags.WARM)) == warm).toList();
    }

    private boolean running(String id) {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning());
    }

    @Test
    void stoppedContainersWaitInThePoolAndAreStartedOnScaleUp() throws Exception {
        GroupSpec spec = example();
        String group = spec.id();
        groups.commitGroup(spec, false);
        // One serves; two were provisioned (their Init ran), then stopped.
        await().atMost(Duration.ofSeconds(60)).until(() -> members(group, false).size() == 1
                && members(group, true).size() == 2 && members(group, true).stream().noneMatch(d -> running(d.id())));
        Set<String> pooled = members(group, true).stream().map(InstanceDescription::id).collect(Collectors.toSet());
        assertThat(groups.describeGroup(group).status().running()).isEqualTo(1);

        long t0 = System.nanoTime();
        groups.setSize(group, 3);
        // The pool's containers run again and serve; they are the same containers (Init's file is still there).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> pooled.stream().allMatch(this::running)
                && members(group, false).stream().map(InstanceDescription::id).collect(Collectors.toSet()).containsAll(pooled));
        System.out.printf("WARM POOL: scale-up by 2 from the pool, containers running after %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        for (String id : pooled) {
            assertThat(DockerTestEngine.exec(docker, id, "cat", "/whoami").strip()).isEqualTo(id.substring(0, 12));
        }
        assertThat(events.history()).filteredOn(e -> e.type() == EventType.WARM_STARTED && group.equals(e.group()))
                .extracting(e -> e.instance()).containsExactlyInAnyOrderElementsOf(pooled);
        // The pool is refilled behind them; the two started are never counted twice.
        await().atMost(Duration.ofSeconds(60)).until(() -> members(group, false).size() == 3 && members(group, true).size() == 2
                && members(group, true).stream().noneMatch(d -> running(d.id())));
        assertThat(events.history()).noneMatch(e -> e.type() == EventType.LOST && group.equals(e.group()));

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(30)).until(() -> plugin.describeInstances(Map.of(Tags.GROUP, group), false).isEmpty());
    }
}
