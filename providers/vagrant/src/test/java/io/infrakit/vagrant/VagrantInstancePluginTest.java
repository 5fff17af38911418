package io.infrakit.vagrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plugin on the real Vagrant with its Docker provider and the real Docker engine, from the
 * seed's instance spec (examples/vagrant/vagrant-centos7-vm.json) with an Image instead of its Box.
 */
class VagrantInstancePluginTest {

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        VagrantEngine.destroyLeftovers(tmp.resolve("machines"));
    }

    private final ObjectMapper json = new ObjectMapper();

    /** The seed's file as its user wrote it, the box swapped for the local image (no VirtualBox here). */
    private InstanceSpec seedSpecWithImage(String marker) throws Exception {
        JsonNode doc = json.readTree(Path.of("../../examples/vagrant/vagrant-centos7-vm.json").toFile());
        ObjectNode instance = (ObjectNode) doc.path("Properties").path("Instance").path("Properties");
        instance.remove("Box");
        instance.put("Image", VagrantEngine.IMAGE);
        instance.put("Memory", 64);
        InstanceSpec spec = json.treeToValue(doc, InstanceSpec.class);
        return spec.withTags(Map.of("infrakit.group", "seed-" + marker, "tier", "docker-engines"))
                .withInit("echo \"init ran in $(hostname)\" > /tmp/init.out");
    }

    @Test
    void provisionsTwoFromTheSeedSpecRunsInitInsideListsThemWithOneGlobalStatusReportsFailuresAndDestroys() throws Exception {
        VagrantEngine.assumeAvailable();
        Path calls = tmp.resolve("calls.log");
        Path command = VagrantEngine.countingVagrant(Files.createDirectories(tmp.resolve("bin")), calls);
        try (VagrantInstancePlugin plugin = new VagrantInstancePlugin(VagrantEngine.options(command, tmp.resolve("machines")))) {
            InstanceSpec spec = seedSpecWithImage("a");
            long started = System.nanoTime();
            String a = plugin.provision(spec);
            String b = plugin.provision(spec.withLogicalId("node-b"));
            // Provision answers at once (a vagrant up takes from seconds to minutes): up runs on its own
            // thread, and the instance is listed meanwhile.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(plugin.describeInstances(Map.of("infrakit.group", "seed-a"), false))
                    .allSatisfy(d -> assertThat(d.tags()).containsEntry(Tags.INIT_STATUS, Tags.INIT_RUNNING));
            assertThat(plugin.describeInstances(Map.of("infrakit.group", "seed-a"), false))
                    .extracting(InstanceDescription::id).containsExactlyInAnyOrder(a, b);
            assertThat(VagrantEngine.calls(calls, "global-status")).as("nothing is up yet: no global-status").isZero();
            // Two that go wrong, side by side with them: an Init that fails, an image that does not exist.
            String badInit = plugin.provision(spec.withTags(Map.of("infrakit.group", "seed-b")).withInit("echo broken >&2; exit 3"));
            String badUp = plugin.provision(spec.withTags(Map.of("infrakit.group", "seed-b")).withInit("")
                    .withProperties(json.readTree("{\"Image\": \"infrakit-test/no-such-image:0\"}")));

            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    plugin.describeInstances(Map.of(), false).stream()
                            .noneMatch(d -> Tags.INIT_RUNNING.equals(d.tag(Tags.INIT_STATUS))));
            // Those polls (Properties: false, as a group controller polls) ran no vagrant at all.
            assertThat(VagrantEngine.calls(calls, "global-status")).isZero();
            List<InstanceDescription> found = plugin.describeInstances(Map.of("infrakit.group", "seed-a"), true);
            assertThat(VagrantEngine.calls(calls, "global-status --prune")).as("one global-status for both instances").isEqualTo(1);
            assertThat(VagrantEngine.calls(calls, "status")).as("never one vagrant status per instance").isZero();
            assertThat(found).hasSize(2).allSatisfy(d -> {
                assertThat(d.tags()).containsEntry(Tags.INIT_STATUS, Tags.INIT_SUCCEEDED).containsEntry("tier", "docker-engines");
                assertThat(d.properties().path("VagrantState").asText()).isEqualTo("running");
                assertThat(d.properties().path("Provider").asText()).isEqualTo("docker");
            });
            assertThat(found).filteredOn(d -> d.id().equals(b)).singleElement()
                    .satisfies(d -> assertThat(d.logicalId()).isEqualTo("node-b"))
                    .satisfies(d -> assertThat(d.tags()).containsEntry(Tags.LOGICAL_ID, "node-b"));
            // Init ran inside each container (named after its instance).
            assertThat(VagrantEngine.readInContainer(a, "/tmp/init.out")).isEqualTo("init ran in " + hostname(a) + "\n");
            assertThat(VagrantEngine.readInContainer(b, "/tmp/init.out")).startsWith("init ran in ");
            String vagrantfile = Files.readString(plugin.folder(a).resolve("Vagrantfile"));
            assertThat(vagrantfile).contains("d.image = 'infrakit-test/vagrant:1'", "'--cpus=1', '--memory=64m'",
                    "config.vm.synced_folder '.', '/vagrant', disabled: true");

            // The failures are listed as failed, with what Vagrant or the Init said.
            Map<String, InstanceDescription> failed = new java.util.HashMap<>();
            plugin.describeInstances(Map.of("infrakit.group", "seed-b"), true).forEach(d -> failed.put(d.id(), d));
            assertThat(failed.keySet()).containsExactlyInAnyOrder(badInit, badUp);
            assertThat(failed.values()).allSatisfy(d -> assertThat(d.tags()).containsEntry(Tags.INIT_STATUS, Tags.INIT_FAILED));
            assertThat(failed.get(badInit).properties().path("Error").asText()).contains("the Init failed (exit 3)").contains("broken");
            assertThat(failed.get(badUp).properties().path("State").asText()).isEqualTo("failed");
            assertThat(failed.get(badUp).properties().path("Error").asText()).contains("vagrant up failed");

            plugin.label(a, Map.of("owner", "me"));
            assertThat(plugin.describeInstances(Map.of("owner", "me"), false)).extracting(InstanceDescription::id).containsExactly(a);

            // All destroyed at once: vagrant destroy -f, containers and folders gone.
            CompletableFuture.allOf(List.of(a, b, badInit, badUp).stream()
                    .map(id -> CompletableFuture.runAsync(() -> plugin.destroy(id, DestroyContext.terminate())))
                    .toArray(CompletableFuture[]::new)).join();
            for (String id : List.of(a, b, badInit)) {
                assertThat(VagrantEngine.containerExists(id)).as(id).isFalse();
                assertThat(plugin.folder(id)).doesNotExist();
            }
            assertThat(plugin.describeInstances(Map.of(), false)).isEmpty();
        }
    }

    private static String hostname(String id) {
        return VagrantEngine.run(List.of("docker", "exec", id, "hostname")).output().strip();
    }
}
