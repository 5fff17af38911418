package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The plugin against the real Docker engine (see {@link DockerTestEngine}). */
class DockerInstancePluginTest extends OnDockerEngine {

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private DockerInstancePlugin plugin;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(2))
                .withLabelFile(home.resolve("labels.json")));
    }

    @AfterEach
    void cleanUp() throws Exception {
        plugin.close();
        DockerTestEngine.removeAll(docker, run);
    }

    private ObjectNode props(String image) {
        ObjectNode p = json.createObjectNode();
        p.putObject("Config").put("Image", image);
        p.putObject("Tags").put(DockerTestEngine.TEST_LABEL, run);
        return p;
    }

    private InstanceSpec spec(ObjectNode props, Map<String, String> tags) {
        return new InstanceSpec(props, tags, null, null, null);
    }

    @Test
    void provisionDescribeByTagLabelAndDestroy() throws Exception {
        Map<String, String> tags = Map.of(Tags.GROUP, "web-" + run, "tier", "front");
        String a = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), tags));
        String b = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of(Tags.GROUP, "other-" + run)));

        InspectContainerResponse inspected = docker.inspectContainerCmd(a).exec();
        assertThat(inspected.getState().getRunning()).isTrue();
        assertThat(inspected.getConfig().getLabels())
                .containsEntry(Tags.GROUP, "web-" + run).containsEntry("tier", "front")
                .containsEntry(DockerTestEngine.TEST_LABEL, run).containsEntry(DockerLabels.MANAGED, "true");

        List<InstanceDescription> web = plugin.describeInstances(Map.of(Tags.GROUP, "web-" + run), false);
        assertThat(web).extracting(InstanceDescription::id).containsExactly(a);
        assertThat(web.getFirst().properties()).isNull();
        assertThat(web.getFirst().logicalId()).isNull();
        assertThat(web.getFirst().tags()).containsEntry("tier", "front");
        assertThat(plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false))
                .extracting(InstanceDescription::id).containsExactlyInAnyOrder(a, b);

        JsonNode p = plugin.describeInstances(Map.of(Tags.GROUP, "web-" + run), true).getFirst().properties();
        assertThat(p.path("State").asText()).isEqualTo("running");
        assertThat(p.path("Image").asText()).isEqualTo(DockerTestEngine.IMAGE_1);
        assertThat(p.path("IPAddresses").path("bridge").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(p.path("Created").asText()).endsWith("Z");
        assertThat(p.path("Name").asText()).isNotBlank();

        // Label: Docker labels are immutable, so the new tag lives in the plugin's overlay, also for filtering.
        plugin.label(a, Map.of(Tags.CONFIG_HASH, "h2", "tier", "back"));
        assertThat(plugin.describeInstances(Map.of("tier", "back"), false)).extracting(InstanceDescription::id).containsExactly(a);
        assertThat(plugin.describeInstances(Map.of("tier", "front", DockerTestEngine.TEST_LABEL, run), false)).isEmpty();
        assertThat(plugin.describeInstances(Map.of(Tags.CONFIG_HASH, "h2"), false).getFirst().tags())
                .containsEntry(Tags.GROUP, "web-" + run).containsEntry("tier", "back");
        // ...and survives a restart of the plugin.
        plugin.close();
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withLabelFile(home.resolve("labels.json")));
        assertThat(plugin.describeInstances(Map.of(Tags.CONFIG_HASH, "h2"), false)).extracting(InstanceDescription::id).containsExactly(a);

        // Tags of a container removed behind the plugin's back are forgotten on the next start.
        String gone = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of()));
        plugin.label(gone, Map.of("soon", "gone"));
        docker.removeContainerCmd(gone).withForce(true).exec();
        plugin.close();
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withLabelFile(home.resolve("labels.json")));
        plugin.pruneLabels();
        assertThat(java.nio.file.Files.readString(home.resolve("labels.json"))).contains(a).doesNotContain(gone);

        plugin.destroy(a, DestroyContext.terminate());
        assertThat(java.nio.file.Files.readString(home.resolve("labels.json"))).doesNotContain(a);
        assertThatThrownBy(() -> docker.inspectContainerCmd(a).exec()).isInstanceOf(NotFoundException.class);
        assertThat(plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false))
                .extracting(InstanceDescription::id).containsExactly(b);
        plugin.destroy(b.substring(0, 12), DestroyContext.rollingUpdate()); // a short ID works like docker's
        assertThat(plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false)).isEmpty();
    }

    @Test
    void aPetIsNamedAndResolvedByItsLogicalId() throws Exception {
        String network = "infrakit-test-" + run;
        docker.createNetworkCmd().withName(network).withLabels(Map.of(DockerTestEngine.TEST_LABEL, run)).exec();
        try {
            String logical = "db-" + run;
            ObjectNode p = props(DockerTestEngine.IMAGE_1);
            p.putArray("NetworkAttachments").addObject().put("Name", network);
            String id = plugin.provision(new InstanceSpec(p, Map.of(Tags.GROUP, "db"), null, logical, null));

            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            assertThat(c.getName()).isEqualTo("/" + logical);
            assertThat(c.getConfig().getHostName()).isEqualTo(logical);
            assertThat(plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false))
                    .singleElement().extracting(InstanceDescription::logicalId).isEqualTo(logical);

            // Docker DNS finds the pet by its logical ID from another container on the network.
            ObjectNode q = props(DockerTestEngine.IMAGE_1);
            q.putObject("HostConfig").put("NetworkMode", network);
            String client = plugin.provision(spec(q, Map.of()));
            assertThat(DockerTestEngine.exec(docker, client, "ping", "-c", "1", "-W", "2", logical)).contains("1 packets received");

            // The pet dies; its replacement takes the name over from the stopped container.
            docker.killContainerCmd(id).exec();
            String again = plugin.provision(new InstanceSpec(p, Map.of(Tags.GROUP, "db"), null, logical, null));
            assertThat(docker.inspectContainerCmd(again).exec().getName()).isEqualTo("/" + logical);
            // While it lives, a second one (surge) gets a suffixed name and the same hostname.
            // This one joins the network as a flavor attachment of type network instead.
            ObjectNode plain = props(DockerTestEngine.IMAGE_1);
            String surge = plugin.provision(new InstanceSpec(plain, Map.of(Tags.GROUP, "db"), null, logical,
                    List.of(new Attachment(network, "network"))));
            InspectContainerResponse s = docker.inspectContainerCmd(surge).exec();
            assertThat(s.getName()).startsWith("/" + logical + "-");
            assertThat(s.getConfig().getHostName()).isEqualTo(logical);
            assertThat(s.getNetworkSettings().getNetworks()).containsKey(network);
            assertThat(s.getNetworkSettings().getNetworks().get(network).getAliases()).contains(logical);
        } finally {
            DockerTestEngine.removeAll(docker, run);
            docker.removeNetworkCmd(network).exec();
        }
    }

    @Test
    void initRunsAfterStartAndItsOutcomeIsATag() throws Exception {
        // The seed example's Init, as the vanilla flavor passes it on.
        String ok = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of())
                .withInit("sh -c \"echo 'Hello, World!' > /hello\"\necho init-ran"));
        assertThat(DockerTestEngine.exec(docker, ok, "cat", "/hello")).isEqualTo("Hello, World!\n");
        assertThat(tagsOf(ok)).containsEntry(DockerLabels.INIT_STATUS, "succeeded").doesNotContainKey(DockerLabels.INIT_EXIT);

        String failed = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of()).withInit("echo about to fail; exit 3"));
        assertThat(docker.inspectContainerCmd(failed).exec().getState().getRunning()).isTrue();
        assertThat(tagsOf(failed)).containsEntry(DockerLabels.INIT_STATUS, "failed").containsEntry(DockerLabels.INIT_EXIT, "3");
        assertThat(plugin.describeInstances(Map.of(DockerLabels.INIT_STATUS, "failed", DockerTestEngine.TEST_LABEL, run), false))
                .extracting(InstanceDescription::id).containsExactly(failed);
    }

    @Test
    void execRunsACommandAndKeepsStdoutAndStderrApart() throws Exception {
        String id = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of()));
        var result = plugin.exec(id, List.of("sh", "-c", "echo out; echo err >&2; exit 5"), Duration.ofSeconds(20));
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(plugin.exec(id.substring(0, 12), List.of("hostname"), Duration.ofSeconds(20)).stdout().strip())
                .isEqualTo(id.substring(0, 12));
        assertThatThrownBy(() -> plugin.exec(id, List.of("sleep", "30"), Duration.ofMillis(500)))
                .hasMessageContaining("sleep did not finish within 500 ms");
        // The engine runs it and reports the failure as the exit code (126/127), like docker exec.
        var missing = plugin.exec(id, List.of("/no/such/program"), Duration.ofSeconds(20));
        assertThat(missing.exitCode()).isIn(126, 127);
        assertThat(missing.stdout() + missing.stderr()).contains("/no/such/program");
        docker.killContainerCmd(id).exec();
        assertThatThrownBy(() -> plugin.exec(id, List.of("hostname"), Duration.ofSeconds(20)))
                .hasMessageContaining("is exited, not running");
        assertThatThrownBy(() -> plugin.exec("0123456789ab", List.of("hostname"), Duration.ofSeconds(20)))
                .hasMessageStartingWith("exec: no container with ID '0123456789ab'");
    }

    @Test
    void initThatOutlivesItsTimeoutIsAFailure() throws Exception {
        plugin.close();
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withInitTimeout(Duration.ofMillis(800)));
        long t0 = System.nanoTime();
        String id = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of()).withInit("sleep 30"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(tagsOf(id)).containsEntry(DockerLabels.INIT_STATUS, "failed").containsEntry(DockerLabels.INIT_EXIT, "timeout");
    }

    private Map<String, String> tagsOf(String id) {
        return plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false).stream()
                .filter(d -> d.id().equals(id)).findFirst().orElseThrow().tags();
    }

    @Test
    void aMissingImageSaysHowToLoadIt() throws Exception {
        plugin.close();
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withPull(false, null));
        assertThatThrownBy(() -> plugin.provision(spec(props("infrakit-test/absent:1"), Map.of())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("image 'infrakit-test/absent:1' is not on the Docker engine")
                .hasMessageContaining("pulling is off")
                .hasMessageContaining("docker load")
                .hasMessageContaining("docker import - infrakit-test/absent:1")
                .hasMessageContaining("docker build -t infrakit-test/absent:1");
        plugin.close();
        // With pulling on, a registry that cannot be reached (nothing listens on localhost:1) gives the same advice.
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withPull(true, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> plugin.provision(spec(props("localhost:1/infrakit-test/absent:1"), Map.of())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("image 'localhost:1/infrakit-test/absent:1' is not on the Docker engine")
                .hasMessageContaining("the pull failed")
                .hasMessageContaining("docker load");
        assertThat(plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false)).isEmpty();
    }

    @Test
    void aContainerThatCannotStartIsNotLeftBehind() {
        ObjectNode p = props(DockerTestEngine.IMAGE_1);
        ((ObjectNode) p.get("Config")).putArray("Cmd").add("/no/such/program");
        assertThatThrownBy(() -> plugin.provision(spec(p, Map.of())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("cannot start a container of image 'infrakit-test/busybox:1'")
                .hasMessageContaining("/no/such/program");
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerTestEngine.TEST_LABEL, run)).exec()).isEmpty();

        ObjectNode q = props(DockerTestEngine.IMAGE_1);
        q.putArray("NetworkAttachments").addObject().put("Name", "no-such-network-" + run);
        assertThatThrownBy(() -> plugin.provision(spec(q, Map.of())))
                .hasMessageContaining("NetworkAttachments names network 'no-such-network-" + run + "', which the engine does not have; "
                        + "create it with docker network create no-such-network-" + run);
        ObjectNode r = props(DockerTestEngine.IMAGE_1);
        r.putObject("HostConfig").put("NetworkMode", "no-such-network-" + run);
        assertThatThrownBy(() -> plugin.provision(spec(r, Map.of())))
                .hasMessageContaining("no-such-network-" + run).hasMessageContaining("docker network create");
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerTestEngine.TEST_LABEL, run)).exec()).isEmpty();
    }

    @Test
    void invalidPropertiesAreRefusedBeforeAnythingIsCreated() {
        ObjectNode p = props(DockerTestEngine.IMAGE_1);
        ((ObjectNode) p.get("Config")).put("Imagee", "x");
        assertThatThrownBy(() -> plugin.provision(spec(p, Map.of())))
                .hasMessageContaining("Config.Imagee is unknown; did you mean Image?");
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerTestEngine.TEST_LABEL, run)).exec()).isEmpty();
    }

    @Test
    void destroyOfAnUnknownOrForeignContainerIsRefused() {
        assertThatThrownBy(() -> plugin.destroy("0123456789ab", DestroyContext.terminate()))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("destroy: no container with ID '0123456789ab' on the Docker engine at unix:///var/run/docker.sock");
        String foreign = docker.createContainerCmd(DockerTestEngine.IMAGE_1)
                .withLabels(Map.of(DockerTestEngine.TEST_LABEL, run)).exec().getId();
        assertThatThrownBy(() -> plugin.destroy(foreign, DestroyContext.terminate()))
                .hasMessageContaining("was not created by infrakit");
        assertThat(docker.inspectContainerCmd(foreign).exec().getId()).isEqualTo(foreign);
        assertThat(plugin.describeInstances(Map.of(DockerTestEngine.TEST_LABEL, run), false)).isEmpty();
    }

    @Test
    void aKilledContainerIsReportedLostFromTheEventStream() throws Exception {
        LinkedBlockingQueue<InstanceChange> changes = new LinkedBlockingQueue<>();
        String kept = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of(Tags.GROUP, "g-" + run)));
        String victim = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of(Tags.GROUP, "g-" + run)));
        try (AutoCloseable ignored = plugin.watch(changes::add)) {
            long t0 = System.nanoTime();
            docker.killContainerCmd(victim).exec();
            InstanceChange lost = null;
            while (lost == null) {
                InstanceChange c = changes.poll(5, TimeUnit.SECONDS);
                assertThat(c).as("a LOST change within 5 s of docker kill").isNotNull();
                if (c.kind() == InstanceChange.Kind.LOST && c.instanceId().equals(victim)) {
                    lost = c;
                }
            }
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            System.out.println("docker kill -> LOST notification: " + ms + " ms");
            assertThat(lost.instanceId()).isEqualTo(victim);
            assertThat(lost.tags()).containsEntry(Tags.GROUP, "g-" + run);
            assertThat(lost.detail()).contains("exit code 137");
            // A dead container is no longer an instance.
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "g-" + run), false))
                    .extracting(InstanceDescription::id).containsExactly(kept);

            // Our own destroy is not a loss.
            changes.clear();
            plugin.destroy(kept, DestroyContext.terminate());
            Thread.sleep(500);
            assertThat(changes).noneMatch(c -> c.kind() == InstanceChange.Kind.LOST && c.instanceId().equals(kept));
        }
    }

    @Test
    void theEventStreamIsReopenedWhenItDropsAndMissesNothing() throws Exception {
        String socket = DockerSettings.defaultHost(System.getenv());
        org.junit.jupiter.api.Assumptions.assumeTrue(socket.startsWith("unix://"), "needs the engine on a unix socket");
        try (SocketProxy proxy = new SocketProxy(Path.of(socket.substring("unix://".length())))) {
            plugin.close();
            plugin = new DockerInstancePlugin(DockerSettings.defaults().withHost(proxy.host()));
            LinkedBlockingQueue<InstanceChange> changes = new LinkedBlockingQueue<>();
            String id = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of()));
            try (AutoCloseable ignored = plugin.watch(changes::add)) {
                proxy.cutAll();
                // Killed while the stream is down: the reopened stream starts from the last time seen.
                docker.killContainerCmd(id).exec();
                await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream()
                        .anyMatch(c -> c.kind() == InstanceChange.Kind.LOST && c.instanceId().equals(id)));
            }
        }
    }

    @Test
    void aContainerTheEngineRestartsIsNotLost() throws Exception {
        LinkedBlockingQueue<InstanceChange> changes = new LinkedBlockingQueue<>();
        ObjectNode p = props(DockerTestEngine.IMAGE_1);
        ((ObjectNode) p.get("Config")).putArray("Cmd").add("sh").add("-c").add("sleep 1; exit 1");
        p.putObject("HostConfig").putObject("RestartPolicy").put("Name", "on-failure").put("MaximumRetryCount", 5);
        try (AutoCloseable ignored = plugin.watch(changes::add)) {
            String id = plugin.provision(spec(p, Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream()
                    .anyMatch(c -> c.instanceId().equals(id) && c.detail().contains("restarting")));
            assertThat(changes).noneMatch(c -> c.kind() == InstanceChange.Kind.LOST && c.instanceId().equals(id));
        }
    }

    @Test
    void aContainerRemovedBehindOurBackIsLostOnce() throws Exception {
        LinkedBlockingQueue<InstanceChange> changes = new LinkedBlockingQueue<>();
        String id = plugin.provision(spec(props(DockerTestEngine.IMAGE_1), Map.of()));
        try (AutoCloseable ignored = plugin.watch(changes::add)) {
            docker.removeContainerCmd(id).withForce(true).exec();
            // Only this container's events count: the engine is shared with other tests and users.
            await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream()
                    .anyMatch(c -> c.kind() == InstanceChange.Kind.LOST && c.instanceId().equals(id)));
            Thread.sleep(300);
            assertThat(changes).filteredOn(c -> c.kind() == InstanceChange.Kind.LOST && c.instanceId().equals(id)).hasSize(1);
        }
    }
}
