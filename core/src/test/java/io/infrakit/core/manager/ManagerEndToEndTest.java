package io.infrakit.core.manager;

import io.infrakit.core.manager.store.Leadership;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The manager in front of the real group controller, simulator and vanilla, as
 * {@code infrakit plugin start manager group vanilla simulator} runs them.
 */
class ManagerEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SEED_COMMIT = """
            {"jsonrpc":"2.0","method":"Controller.Commit","params":{"Name":"group","Operation":0,"Spec":{"kind":"group","version":"","metadata":{"name":"workers","tags":null},"properties":{"Allocation":{"Size":5},"Flavor":{"Plugin":"vanilla","Properties":{"Init":["sudo apt-get update -y","sudo apt-get install wget curl","wget -qO- https://get.docker.com | sh"],"Tags":{"custom.tag1":"tutorial","custom.tag2":"single-instance","custom.tag3":"by-group"}}},"Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value1","apiProperty2":"value2"}}}}},"id":3751559271277998634}""";

    Path home;
    PluginHost host;
    final UnixHttpClient http = new UnixHttpClient();

    PluginHost start() {
        PluginHost h = PluginHost.create(InfrakitPaths.under(home));
        h.startAll(List.of("manager", "group", "vanilla", "simulator"), Map.of(
                "manager", Map.of("leader-period", "200ms"),
                "group", Map.of("poll-interval", "300ms"),
                "simulator", Map.of("persist", "true")));
        return h;
    }

    GroupPlugin groups() {
        return new GroupRpc.Client(new RpcClient(http, InfrakitPaths.under(home).socket("group"), "group", Duration.ofSeconds(10)), "group");
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        http.close();
        if (home != null) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }

    @Test
    void theTutorialsControllerCommitIsAnsweredAtOnceConvergesAndARestartResumesWithoutDuplicates() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "ik-mgr");
        host = start();
        Path socket = InfrakitPaths.under(home).socket("group");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode a = JSON.readTree(http.post(socket, "{\"jsonrpc\":\"2.0\",\"method\":\"Manager.Leadership\",\"params\":{\"Name\":\"group\"},\"id\":1}"
                    .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)).body());
            return a.at("/result/Leader").asBoolean();
        });

        long t0 = System.nanoTime();
        UnixHttpClient.Answer answer = http.post(socket, SEED_COMMIT.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.has("error")).as(body.toString()).isFalse();
        assertThat(body.at("/result/Object/metadata/name").asText()).isEqualTo("workers");
        assertThat(ms).as("Controller.Commit answered in %d ms", ms).isLessThan(5000);

        await().atMost(Duration.ofSeconds(30)).until(() -> converged(5));
        Set<String> before = ids(groups().describeGroup("workers"));
        assertThat(before).hasSize(5);

        // restart: the manager is elected again, recommits the stored spec, the controller adopts the instances
        host.close();
        host = start();
        await().atMost(Duration.ofSeconds(30)).until(() -> converged(5));
        assertThat(ids(groups().describeGroup("workers"))).isEqualTo(before);
    }

    private boolean converged(int size) {
        try {
            GroupDescription d = groups().describeGroup("workers");
            return d.converged() && d.instances().size() == size;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Set<String> ids(GroupDescription d) {
        return d.instances().stream().map(InstanceDescription::id).collect(Collectors.toSet());
    }
}
