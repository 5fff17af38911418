package io.infrakit.cli;

import io.infrakit.cli.testing.TestProcesses;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.core.spec.SpecReader;
import io.infrakit.core.manager.store.StoredSpec;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the daemon in the middle of a rolling update, then a restart: the committed spec is
 * still there, the update resumes and finishes, and the group ends with exactly its size of
 * instances, all on the new configuration.
 */
class CrashRestartTest {

    static final String SPEC = """
            kind: group
            metadata:
              name: workers
            properties:
              Allocation:
                Size: 6
              Flavor:
                Plugin: vanilla
                Properties:
                  Init: [echo hi]
              Instance:
                Plugin: simulator/compute
                Properties:
                  release: {{ release }}
            """;

    Path home;
    Process daemon;
    final StringBuffer log = new StringBuffer();

    @AfterEach
    void cleanUp() throws InterruptedException {
        TestProcesses.stop(daemon);
        TestProcesses.deleteTree(home);
    }

    Process startDaemon(Path spec, String release) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.infrakit.cli.Main",
                "up", spec.toString(), "--var", "release=" + release,
                "--opt", "simulator.persist=true", "--opt", "simulator.provision-delay=400ms",
                "--opt", "group.poll-interval=300ms").redirectErrorStream(true);
        pb.environment().put("INFRAKIT_HOME", home.resolve("home").toString());
        Process p = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    log.append(l).append('\n');
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
        return p;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killNineMidRollingUpdateThenRestartResumesWithNoSpecLostAndNoDuplicates() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "ik-crash");
        Path spec = Files.writeString(home.resolve("workers.yml"), SPEC);
        InfrakitPaths paths = InfrakitPaths.under(home.resolve("home"));

        daemon = startDaemon(spec, "v1");
        await().atMost(Duration.ofSeconds(90)).until(() -> log.toString().contains("converged in"));

        try (ManagerClient manager = new ManagerClient(paths, Duration.ofSeconds(10))) {
            GroupSpec v2 = new SpecReader(Map.of("release", "v2"), null).parse("workers.yml", Files.readString(spec)).get(0);
            manager.groups().commitGroup(v2, false);
            // wait until the update is under way: members on both configurations
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> hashes(manager.describe("workers")).size() >= 2);
        }
        daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // no spec lost: v2 is the latest stored version
        StoredSpec stored = new FileSpecStore(paths.home().resolve("configs")).get("workers").orElseThrow();
        assertThat(stored.spec().properties().at("/Instance/Properties/release").asText()).isEqualTo("v2");

        // restart (with the old file, which a user would not commit again: the stored v2 must win)
        log.setLength(0);
        daemon = startDaemon(Files.writeString(home.resolve("empty.yml"), SPEC.replace("workers", "other")
                .replace("Size: 6", "Size: 0")), "v1");
        PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard(), Duration.ofSeconds(10));
        try (ManagerClient manager = new ManagerClient(paths, Duration.ofSeconds(10))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    JsonNode d = manager.describe("workers");
                    List<InstanceDescription> all = registry.instance("simulator/compute")
                            .describeInstances(Map.of(Tags.GROUP, "workers"), false);
                    return d.path("Converged").asBoolean() && d.path("Instances").size() == 6 && all.size() == 6
                            && hashes(d).size() == 1;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            JsonNode d = manager.describe("workers");
            for (JsonNode i : d.path("Instances")) {
                assertThat(i.path("Tags").path(Tags.CONFIG_HASH).asText()).isNotEmpty();
            }
            List<InstanceDescription> all = registry.instance("simulator/compute").describeInstances(Map.of(Tags.GROUP, "workers"), true);
            assertThat(all).hasSize(6).allSatisfy(i -> assertThat(i.properties().path("release").asText()).isEqualTo("v2"));
        } finally {
            registry.close();
        }
    }

    private static Set<String> hashes(JsonNode description) {
        Set<String> out = new HashSet<>();
        List<JsonNode> members = new ArrayList<>();
        description.path("Instances").forEach(members::add);
        for (JsonNode m : members) {
            out.add(m.path("Tags").path(Tags.CONFIG_HASH).asText(""));
        }
        return out;
    }
}
