package io.infrakit.core.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.ControllerRpc;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The manager served on its socket, driven as InfraKit's CLI drives it. */
class ManagerOverRpcTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    final FakeGroupController fake = new FakeGroupController();
    PluginHost host;
    UnixHttpClient http;
    InfrakitPaths paths;

    @BeforeEach
    void start() {
        paths = InfrakitPaths.under(home);
        RpcInterfaces interfaces = RpcInterfaces.discover();
        PluginRegistry registry = new PluginRegistry(paths, interfaces, Duration.ofSeconds(10));
        PluginKind fakeGroupKind = new PluginKind() {
            @Override
            public String name() {
                return "group";
            }

            @Override
            public String description() {
                return "fake group controller";
            }

            @Override
            public RunningPlugin start(PluginContext context) {
                return RunningPlugin.single("group-stateless", fake, null);
            }
        };
        host = new PluginHost(paths, registry, interfaces, Map.of("manager", new ManagerKind(), "group", fakeGroupKind));
        host.startAll(List.of("manager", "group"), Map.of("manager", Map.of("leader-period", "100ms", "answer-timeout", "1s")));
        http = new UnixHttpClient();
    }

    @AfterEach
    void stop() {
        host.close();
        http.close();
    }

    JsonNode post(String body) throws Exception {
        UnixHttpClient.Answer a = http.post(paths.socket("group"), body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(a.status()).isEqualTo(200);
        return JSON.readTree(a.body());
    }

    @Test
    void handshakeListsControllerAndGroupAndTheTutorialCommitIsAnsweredAtOnce() throws Exception {
        JsonNode hello = post("{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1675921662065898680}");
        // InfraKit lists the default object as "" (Controller) or "." (Stack); our dispatcher writes "."
        assertThat(hello.at("/result/Objects/Controller~10.1.1").toString()).contains("\"Name\":\"groups\"")
                .containsAnyOf("\"Name\":\"\"", "\"Name\":\".\"");
        assertThat(hello.at("/result/Objects/Group~10.1.1").toString()).contains("\"Name\":\"groups\"");

        Manager manager = (Manager) host.registry().lookup("group", Controller.class);
        await().atMost(Duration.ofSeconds(5)).until(manager::isLeader);
        fake.hang = new java.util.concurrent.CountDownLatch(1); // even a hung controller must not hold the answer

        long t0 = System.nanoTime();
        JsonNode answer = post("""
                {"jsonrpc":"2.0","method":"Controller.Commit","params":{"Name":"group","Operation":0,"Spec":{"kind":"group","version":"","metadata":{"name":"workers","tags":null},"properties":{"Allocation":{"Size":5},"Flavor":{"Plugin":"vanilla","Properties":{"Init":["sudo apt-get update -y","sudo apt-get install wget curl","wget -qO- https://get.docker.com | sh"],"Tags":{"custom.tag1":"tutorial","custom.tag2":"single-instance","custom.tag3":"by-group"}}},"Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value1","apiProperty2":"value2"}}}}},"id":3751559271277998634}""");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        assertThat(answer.at("/result/Object/metadata/name").asText()).isEqualTo("workers");
        assertThat(ms).isLessThan(5000);
        fake.hang.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.groups.containsKey("workers"));

        // the same group through the Group interface and the typed clients
        JsonNode inspect = post("{\"jsonrpc\":\"2.0\",\"method\":\"Group.InspectGroups\",\"params\":{\"Name\":\"group\",\"ID\":\"\"},\"id\":2}");
        assertThat(inspect.at("/result/Groups/0/ID").asText()).isEqualTo("workers");
        RpcClient rpc = new RpcClient(http, paths.socket("group"), "group", Duration.ofSeconds(5));
        Controller controller = new ControllerRpc().client(rpc, io.infrakit.rpc.PluginName.parse("group"));
        assertThat(controller.specs(null)).extracting(s -> s.metadata().name()).containsExactly("workers");
        assertThat(controller.describe(Metadata.named("workers")).get(0).state().get("Converged").asBoolean()).isTrue();
        ManagerApi api = new ManagerRpc().client(rpc, io.infrakit.rpc.PluginName.parse("group"));
        assertThat(api.leadership().leader()).isTrue();
        assertThat(api.history("workers")).hasSize(1);
        GroupPlugin groups = new io.infrakit.rpc.binding.GroupRpc.Client(rpc, "group");
        groups.setSize("workers", 2);
        assertThat(api.history("workers")).hasSize(2);
        assertThat(api.rollback("workers")).contains("Rolled back group 'workers' to version 1");
        assertThat(fake.sizes.get("workers")).isEqualTo(5);

        JsonNode bad = post("{\"jsonrpc\":\"2.0\",\"method\":\"Controller.Commit\",\"params\":{\"Name\":\"group\",\"Operation\":0,"
                + "\"Spec\":{\"kind\":\"group\",\"metadata\":{\"name\":\"w2\"},\"properties\":{\"Allocation\":{\"Size\":-3}}}},\"id\":4}");
        assertThat(bad.at("/error/message").asText()).contains("Allocation.Size is -3");
        assertThat(api.history("w2")).isEmpty();
    }
}
