package io.infrakit.core.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.binding.MetadataUpdateRpc;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarValue;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key/value store on the manager's socket (Metadata/0.1.1 + MetadataUpdate/0.1.0), file backend. */
class ManagerVarsOverRpcTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    PluginHost host;
    final UnixHttpClient http = new UnixHttpClient();
    InfrakitPaths paths;

    void startManager() {
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
                return RunningPlugin.single("group-stateless", new FakeGroupController(), null);
            }
        };
        host = new PluginHost(paths, registry, interfaces, Map.of("manager", new ManagerKind(), "group", fakeGroupKind));
        host.startAll(List.of("manager", "group"), Map.of("manager", Map.of("leader-period", "100ms")));
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        http.close();
    }

    JsonNode post(String method, String params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":7}";
        UnixHttpClient.Answer a = http.post(paths.socket("group"), body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(a.status()).isEqualTo(200);
        return JSON.readTree(a.body());
    }

    UpdatableMetadata client() {
        return new MetadataUpdateRpc.Client(new RpcClient(http, paths.socket("group"), "group", Duration.ofSeconds(10)), "group/vars");
    }

    @Test
    void infraKitShapedCallsPutsWithCompareAndSwapAndValuesSurviveARestart() throws Exception {
        startManager();
        assertThat(post("Metadata.Get", "{\"Name\":\"group/vars\",\"Path\":\"deployments/swarm/jointoken\"}").get("result").toString())
                .isEqualTo("{\"Name\":\"group/vars\",\"Value\":null}");

        UpdatableMetadata vars = client();
        assertThat(vars.put("deployments/swarm/jointoken", "SWMTKN-1", UpdatableMetadata.NO_VERSION)).isEqualTo(1);
        vars.put("deployments/swarm/manager", "10.0.0.5", UpdatableMetadata.ANY_VERSION);

        assertThat(post("Metadata.Keys", "{\"Name\":\"group/vars\",\"Path\":\".\"}").get("result").toString())
                .isEqualTo("{\"Name\":\"group/vars\",\"Nodes\":[\"deployments\"]}");
        assertThat(post("Metadata.Keys", "{\"Name\":\"group/vars\",\"Path\":\"deployments/swarm\"}").at("/result/Nodes").toString())
                .isEqualTo("[\"jointoken\",\"manager\"]");
        assertThat(post("Metadata.Get", "{\"Name\":\"group/vars\",\"Path\":\"deployments/swarm/jointoken\"}").get("result").toString())
                .isEqualTo("{\"Name\":\"group/vars\",\"Value\":\"SWMTKN-1\",\"Version\":1}");

        // A writer that read version 0 loses against the write above, and changes nothing.
        assertThatThrownBy(() -> vars.put("deployments/swarm/jointoken", "stale", UpdatableMetadata.NO_VERSION))
                .isInstanceOf(PluginException.class).hasMessageContaining("deployments/swarm/jointoken")
                .hasMessageContaining("version 1");
        JsonNode bad = post("Metadata.Put", "{\"Name\":\"group/vars\",\"Path\":\"a//b\",\"Value\":\"x\"}");
        assertThat(bad.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(bad.at("/error/message").asText()).contains("\"Path\"").contains("'a//b'");

        Path file = home.resolve("vars.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        host.close();
        host = null;
        startManager();
        assertThat(client().get("deployments/swarm/jointoken")).contains(new VarValue("SWMTKN-1", 1));
        assertThat(client().keys("deployments/swarm")).containsExactly("jointoken", "manager");
    }
}
