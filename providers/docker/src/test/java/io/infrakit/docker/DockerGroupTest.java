package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.ForwardingInstancePlugin;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.vanilla.VanillaFlavor;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Groups of containers through the real group controller (module core) and the vanilla flavor,
 * on the real Docker engine. The controller polls only every 60 s here, so a heal within
 * seconds can only come from the plugin's event stream.
 */
class DockerGroupTest extends OnDockerEngine {

    private static final Duration POLL = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private DockerInstancePlugin plugin;
    private TimedInstances timed;
    private GroupControllerPlugin groups;
    private EventBus events;

    @BeforeEach
    void start() {
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(2)));
        timed = new TimedInstances(plugin);
        VanillaFlavor vanilla = new VanillaFlavor();
        PluginLookup lookup = new PluginLookup() {
            @Override
            public InstancePlugin instance(String name) {
                if (name.equals("docker")) {
                    return timed;
                }
                throw new PluginException("no instance plugin " + name);
            }

            @Override
            public FlavorPlugin flavor(String name) {
                if (name.equals("vanilla")) {
                    return vanilla;
                }
                if (name.equals("init-aware")) {
                    return new InitAwareFlavor(vanilla);
                }
                throw new PluginException("no flavor plugin " + name);
            }

            @Override
            public GroupPlugin group(String name) {
                throw new PluginException("no group plugin " + name);
            }
        };
        events = new EventBus();
        groups = new GroupControllerPlugin(lookup, events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(POLL, 8, true));
    }

    @AfterEach
    void stop() throws Exception {
        groups.close();
        plugin.close();
        DockerTestEngine.removeAll(docker, run);
    }

    /** An example spec from examples/docker, made unique to this run and labelled for clean-up. */
    private GroupSpec example(String file) throws Exception {
        ObjectNode doc = (ObjectNode) json.readTree(Path.of("../../examples/docker", file).toFile());
        String id = doc.path("ID").asText() + "-" + run;
        ObjectNode instanceProps = (ObjectNode) doc.path("Properties").path("Instance").path("Properties");
        instanceProps.withObjectProperty("Tags").put(DockerTestEngine.TEST_LABEL, run);
        return new GroupSpec(id, doc.get("Properties"));
    }

    private List<InstanceDescription> members(String group) {
        return plugin.describeInstances(Map.of(Tags.GROUP, group), false);
    }

    /** Members whose Init is done (Provision returned). */
    private List<InstanceDescription> ready(String group) {
        return members(group).stream().filter(m -> !"running".equals(m.tag(DockerLabels.INIT_STATUS))).toList();
    }

    private Set<String> ids(String group) {
        return members(group).stream().map(InstanceDescription::id).collect(Collectors.toSet());
    }

    @Test
    void aGroupOfThreeHealsAKilledMemberFromEventsAndRollsANewImage() throws Exception {
        GroupSpec spec = example("group-of-3.json");
        String group = spec.id();
        groups.commitGroup(spec, false);
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(group).size() == 3);
        Set<String> before = ids(group);
        for (String id : before) {
            assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
            // the vanilla flavor's Init ran in every member
            assertThat(DockerTestEngine.exec(docker, id, "cat", "/whoami").strip()).isEqualTo(id.substring(0, 12));
        }
        assertThat(members(group)).allSatisfy(m -> assertThat(m.tags())
                .containsEntry("tier", "web").containsEntry("project", "infrakit-example")
                .containsEntry(DockerLabels.INIT_STATUS, "succeeded").containsKey(Tags.CONFIG_HASH));
        // Let the controller settle (no provision in flight) before the kill.
        await().atMost(Duration.ofSeconds(30)).until(() -> timed.inFlight() == 0);

        // docker kill one member: the event stream, not the 60 s poll, brings the replacement.
        String victim = before.iterator().next();
        timed.reset();
        long killedAt = System.nanoTime();
        docker.killContainerCmd(victim).exec();
        await().atMost(Duration.ofSeconds(20)).until(() -> timed.firstProvisionStart() != 0 && timed.firstProvisionEnd() != 0);
        double toProvision = (timed.firstProvisionStart() - killedAt) / 1e6;
        double toRunning = (timed.firstProvisionEnd() - killedAt) / 1e6;
        System.out.printf("HEAL: docker kill -> replacement Provision called: %.0f ms; -> replacement running: %.0f ms%n",
                toProvision, toRunning);
        assertThat(toProvision).as("heal must come from events, well before the %s poll", POLL).isLessThan(10_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(group).size() == 3 && !ids(group).contains(victim));

        // Rolling update: the image tag changes from :1 to :2; every member is replaced.
        GroupSpec v2 = example("group-of-3.json");
        ObjectNode props = (ObjectNode) v2.properties();
        ((ObjectNode) props.path("Instance").path("Properties").path("Config")).put("Image", DockerTestEngine.IMAGE_2);
        v2 = new GroupSpec(group, props);
        Set<String> healed = ids(group);
        long t0 = System.nanoTime();
        groups.commitGroup(v2, false);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<InstanceDescription> now = plugin.describeInstances(Map.of(Tags.GROUP, group), true);
            return now.size() == 3 && now.stream().allMatch(d -> d.properties().path("Image").asText().equals(DockerTestEngine.IMAGE_2)
                    && "succeeded".equals(d.tag(DockerLabels.INIT_STATUS)));
        });
        System.out.printf("ROLLING UPDATE of 3 containers :1 -> :2 took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(ids(group)).doesNotContainAnyElementsOf(healed);
        for (String id : ids(group)) {
            assertThat(DockerTestEngine.exec(docker, id, "cat", "/etc/infrakit-test-version").strip()).isEqualTo("2");
        }
        assertThat(events.history()).anyMatch(e -> e.type() == EventType.UPDATE_STARTED && group.equals(e.group()));

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(group).isEmpty());
    }

    @Test
    void theSeedExampleWorksWithTheLocalImage() throws Exception {
        GroupSpec spec = example("docker-vanilla.json");
        String group = spec.id();
        groups.commitGroup(spec, false);
        // Without an Init a member is listed as soon as it is created: wait until it also runs.
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(group).size() == 1 && plugin.describeInstances(Map.of(Tags.GROUP, group), true)
                .stream().anyMatch(m -> "running".equals(m.properties().path("State").asText())));
        InstanceDescription d = members(group).getFirst();
        assertThat(d.tags()).containsEntry("Name", "infrakit-example").containsEntry(Tags.GROUP, group).containsKey(Tags.CONFIG_HASH);
        assertThat(DockerTestEngine.exec(docker, d.id(), "cat", "/hello")).isEqualTo("Hello, World!\n");
        assertThat(docker.inspectContainerCmd(d.id()).exec().getHostConfig().getAutoRemove()).isTrue();

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(group).isEmpty());
        // AutoRemove: nothing is left on the engine.
        await().atMost(Duration.ofSeconds(10)).until(() -> docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Tags.GROUP, group)).exec().isEmpty());
    }

    @Test
    void petsKeepTheirNamesAndFindEachOtherThroughDockerDns() throws Exception {
        String network = "infrakit-demo";
        boolean created = docker.listNetworksCmd().withNameFilter(network).exec().stream().noneMatch(n -> n.getName().equals(network));
        if (created) {
            docker.createNetworkCmd().withName(network).exec();
        }
        try {
            GroupSpec spec = example("pets.json");
            String group = spec.id();
            groups.commitGroup(spec, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> ready(group).size() == 3);
            Map<String, String> byLogical = members(group).stream()
                    .collect(Collectors.toMap(InstanceDescription::logicalId, InstanceDescription::id));
            assertThat(byLogical).containsOnlyKeys("db-1", "db-2", "db-3");
            for (var e : byLogical.entrySet()) {
                var c = docker.inspectContainerCmd(e.getValue()).exec();
                assertThat(c.getName()).isEqualTo("/" + e.getKey());
                assertThat(DockerTestEngine.exec(docker, e.getValue(), "cat", "/whoami").strip()).isEqualTo("I am " + e.getKey());
            }
            assertThat(DockerTestEngine.exec(docker, byLogical.get("db-2"), "ping", "-c", "1", "-W", "2", "db-1"))
                    .contains("1 packets received");

            // A dead pet comes back under the same name (its stopped container gives the name up).
            docker.killContainerCmd(byLogical.get("db-2")).exec();
            await().atMost(Duration.ofSeconds(30)).until(() -> ready(group).stream()
                    .anyMatch(m -> "db-2".equals(m.logicalId()) && !m.id().equals(byLogical.get("db-2"))));
            String newDb2 = members(group).stream().filter(m -> "db-2".equals(m.logicalId())).findFirst().orElseThrow().id();
            assertThat(docker.inspectContainerCmd(newDb2).exec().getName()).isEqualTo("/db-2");
            assertThat(DockerTestEngine.exec(docker, byLogical.get("db-1"), "ping", "-c", "1", "-W", "2", "db-2"))
                    .contains("1 packets received");

            groups.destroyGroup(group);
            await().atMost(Duration.ofSeconds(30)).until(() -> members(group).isEmpty());
        } finally {
            DockerTestEngine.removeAll(docker, run);
            if (created) {
                // The engine detaches a removed container's endpoint a moment after the container is gone.
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    docker.removeNetworkCmd(network).exec();
                    return true;
                });
            }
        }
    }

    @Test
    void aMemberWhoseInitFailedIsSeenUnhealthyAndReplaced(@org.junit.jupiter.api.io.TempDir Path shared) throws Exception {
        // The Init fails the first time only: a file on a bind-mounted host folder remembers it ran.
        String group = "init-fails-once-" + run;
        ObjectNode props = (ObjectNode) json.readTree("""
                {"Allocation": {"Size": 1},
                 "Instance": {"Plugin": "docker", "Properties": {
                     "Config": {"Image": "%s"},
                     "HostConfig": {"Binds": ["%s:/shared"]},
                     "Tags": {"%s": "%s"}}},
                 "Flavor": {"Plugin": "init-aware", "Properties": {
                     "Init": ["if [ -f /shared/ran ]; then exit 0; fi; touch /shared/ran; echo first boot fails; exit 4"]}},
                 "Policy": {"UnhealthyGrace": "1s", "MaxUnhealthy": "1", "PollInterval": "1s"}}
                """.formatted(DockerTestEngine.IMAGE_1, shared.toAbsolutePath(), DockerTestEngine.TEST_LABEL, run));
        shared.toFile().setWritable(true, false);
        groups.commitGroup(new GroupSpec(group, props), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> members(group).stream()
                .anyMatch(m -> "failed".equals(m.tag(DockerLabels.INIT_STATUS))));
        String broken = members(group).getFirst().id();
        assertThat(members(group).getFirst().tags()).containsEntry(DockerLabels.INIT_EXIT, "4");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<InstanceDescription> now = ready(group);
            return now.size() == 1 && !now.getFirst().id().equals(broken)
                    && "succeeded".equals(now.getFirst().tag(DockerLabels.INIT_STATUS));
        });
        assertThat(events.history()).anyMatch(e -> e.type() == EventType.UNHEALTHY && broken.equals(e.instance()));
        assertThatThrownBy(() -> docker.inspectContainerCmd(broken).exec())
                .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
        groups.destroyGroup(group);
    }

    /**
     * Vanilla, except that an instance whose Init failed is unhealthy: how a flavor uses the
     * plugin's {@code infrakit.init.status} tag.
     */
    record InitAwareFlavor(FlavorPlugin vanilla) implements FlavorPlugin {
        @Override
        public void validate(JsonNode properties, io.infrakit.spi.flavor.Allocation allocation) {
            vanilla.validate(properties, allocation);
        }

        @Override
        public InstanceSpec prepare(JsonNode properties, InstanceSpec spec, io.infrakit.spi.flavor.Allocation allocation,
                                    io.infrakit.spi.flavor.Index index) {
            return vanilla.prepare(properties, spec, allocation, index);
        }

        @Override
        public io.infrakit.spi.flavor.Health healthy(JsonNode properties, InstanceDescription instance) {
            String init = instance.tag(DockerLabels.INIT_STATUS);
            if ("failed".equals(init)) {
                return io.infrakit.spi.flavor.Health.UNHEALTHY;
            }
            return "running".equals(init) ? io.infrakit.spi.flavor.Health.UNKNOWN : vanilla.healthy(properties, instance);
        }

        @Override
        public void drain(JsonNode properties, InstanceDescription instance) {
            vanilla.drain(properties, instance);
        }
    }

    /** The docker plugin, timing Provision calls (the controller cannot tell a wrapper apart). */
    static final class TimedInstances implements ForwardingInstancePlugin, InstanceChangeSource {
        private final DockerInstancePlugin delegate;
        private final ConcurrentLinkedQueue<long[]> provisions = new ConcurrentLinkedQueue<>();
        private volatile long firstStart;
        private volatile long firstEnd;
        private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

        TimedInstances(DockerInstancePlugin delegate) {
            this.delegate = delegate;
        }

        @Override
        public InstancePlugin delegate() {
            return delegate;
        }

        void reset() {
            firstStart = 0;
            firstEnd = 0;
        }

        long firstProvisionStart() {
            return firstStart;
        }

        long firstProvisionEnd() {
            return firstEnd;
        }

        int inFlight() {
            return inFlight.get();
        }

        @Override
        public String provision(InstanceSpec spec) {
            long start = System.nanoTime();
            synchronized (this) {
                if (firstStart == 0) {
                    firstStart = start;
                }
            }
            inFlight.incrementAndGet();
            try {
                String id = delegate.provision(spec);
                synchronized (this) {
                    if (firstEnd == 0) {
                        firstEnd = System.nanoTime();
                    }
                }
                return id;
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public AutoCloseable watch(Consumer<InstanceChange> listener) {
            return delegate.watch(listener);
        }
    }
}
