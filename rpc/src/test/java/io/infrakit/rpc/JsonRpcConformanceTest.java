package io.infrakit.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.FakeFlavorPlugin;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.instance.InstancePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON-RPC 2.0 rules InfraKit's server follows and ours must too, over a real socket with
 * hand-written HTTP: notifications get no answer; {@code "Type":"."} names a single-object
 * socket's default object (the name Hello lists it under).
 */
class JsonRpcConformanceTest {

    static final ObjectMapper JSON = WireJson.mapper();

    Path dir;
    FakeInstancePlugin compute;
    RpcServer multi;

    @BeforeEach
    void start() throws IOException {
        dir = TempDirs.create();
        compute = new FakeInstancePlugin("c");
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("compute", compute);
        objects.put("disk", new FakeInstancePlugin("d"));
        multi = new RpcServer(dir.resolve("simulator"), new Dispatcher("simulator", objects, RpcInterfaces.standard())).start();
    }

    @AfterEach
    void stop() throws IOException {
        multi.close();
        TempDirs.delete(dir);
    }

    static JsonNode answer(RawHttp.Message m) throws IOException {
        assertThat(m.startLine()).startsWith("HTTP/1.1 200");
        return JSON.readTree(m.body());
    }

    static int described(InstancePlugin plugin) {
        return plugin.describeInstances(Map.of(), false).size();
    }

    @Test
    void aNotificationIsCarriedOutAndGetsNoBytesBack() throws IOException {
        RawHttp.Message m = RawHttp.post(multi.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\","
                + "\"params\":{\"Type\":\"compute\",\"Spec\":{\"Tags\":{\"role\":\"web\"}}}}");
        assertThat(m.startLine()).startsWith("HTTP/1.1 200");
        assertThat(m.body()).isEmpty();
        assertThat(m.header("Content-Length")).isEqualTo("0");
        assertThat(described(compute)).as("the notification's Provision ran").isEqualTo(1);
    }

    @Test
    void aFailingNotificationGetsNoBytesBackEither() throws IOException {
        RawHttp.Message unknown = RawHttp.post(multi.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Nope\",\"params\":{}}");
        assertThat(unknown.startLine()).startsWith("HTTP/1.1 200");
        assertThat(unknown.body()).isEmpty();
        RawHttp.Message noObject = RawHttp.post(multi.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Destroy\","
                + "\"params\":{\"Type\":\"nosuch\",\"Instance\":\"x\"}}");
        assertThat(noObject.body()).isEmpty();
    }

    @Test
    void aRequestWithIdNullIsNotANotification() throws IOException {
        JsonNode a = answer(RawHttp.post(multi.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":null}"));
        assertThat(a.get("result").get("Objects").has("Instance/0.6.1")).isTrue();
        assertThat(a.get("id").isNull()).isTrue();
    }

    @Test
    void anInvalidRequestWithoutIdStillGetsItsError() throws IOException {
        // Nobody can tell this was meant as a notification: JSON-RPC 2.0 answers it with id null.
        JsonNode a = answer(RawHttp.post(multi.socket(), "{\"jsonrpc\":\"1.0\",\"method\":\"Handshake.Hello\"}"));
        assertThat(a.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(a.get("id").isNull()).isTrue();
        JsonNode parse = answer(RawHttp.post(multi.socket(), "{not json"));
        assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
    }

    @Test
    void typeDotReachesTheDefaultObjectOfASingleObjectSocket() throws IOException {
        try (RpcServer vanilla = new RpcServer(dir.resolve("vanilla"),
                new Dispatcher("vanilla", Map.of("", new FakeFlavorPlugin()), RpcInterfaces.standard())).start()) {
            JsonNode hello = answer(RawHttp.post(vanilla.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}"));
            String name = hello.get("result").get("Objects").get("Flavor/0.1.1").get(0).get("Name").asText();
            assertThat(name).isEqualTo(".");
            // A client copies the name from Hello into Type, as InfraKit's clients may.
            JsonNode validated = answer(RawHttp.post(vanilla.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Flavor.Validate\","
                    + "\"params\":{\"Type\":\"" + name + "\",\"Properties\":{},\"Allocation\":{\"Size\":1}},\"id\":2}"));
            assertThat(validated.has("error")).as(validated.toString()).isFalse();
            assertThat(validated.get("result").get("OK").asBoolean()).isTrue();
        }
        InstancePlugin only = new FakeInstancePlugin("only");
        try (RpcServer single = new RpcServer(dir.resolve("single"),
                new Dispatcher("single", Map.of("", only), RpcInterfaces.standard())).start()) {
            JsonNode id = answer(RawHttp.post(single.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\","
                    + "\"params\":{\"Type\":\".\",\"Spec\":{}},\"id\":3}"));
            assertThat(id.get("result").get("ID").asText()).startsWith("only-");
            assertThat(described(only)).isEqualTo(1);
        }
    }

    @Test
    void typeDotOnASocketOfNamedObjectsIsStillAClearError() throws IOException {
        JsonNode a = answer(RawHttp.post(multi.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\","
                + "\"params\":{\"Type\":\".\",\"Tags\":{}},\"id\":4}"));
        assertThat(a.get("error").get("message").asText()).startsWith("no-plugin:").contains("compute", "disk");
    }
}
