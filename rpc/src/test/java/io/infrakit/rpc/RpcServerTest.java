package io.infrakit.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.FakeFlavorPlugin;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server over a real unix socket, driven by hand-written HTTP (independent of our client). */
class RpcServerTest {

    static final ObjectMapper JSON = WireJson.mapper();
    static final String GOOD = "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{},\"Properties\":false},\"id\":7}";

    Path dir;
    RpcServer server;

    @BeforeEach
    void start() throws IOException {
        dir = TempDirs.create();
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("compute", new FakeInstancePlugin("c"));
        objects.put("disk", new FakeInstancePlugin("d"));
        objects.put("net", new FakeInstancePlugin("n"));
        server = new RpcServer(dir.resolve("simulator"), new Dispatcher("simulator", objects, RpcInterfaces.standard())).start();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        TempDirs.delete(dir);
    }

    JsonNode call(String body) throws IOException {
        RawHttp.Message answer = RawHttp.post(server.socket(), body);
        assertThat(answer.startLine()).startsWith("HTTP/1.1 200");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        return JSON.readTree(answer.body());
    }

    void assertGoodCallStillWorks() throws IOException {
        JsonNode answer = call(GOOD);
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        assertThat(answer.get("result").get("Type").asText()).isEqualTo("compute");
        assertThat(answer.get("id").asInt()).isEqualTo(7);
    }

    JsonNode error(String body) throws IOException {
        JsonNode answer = call(body);
        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.has("result")).isFalse();
        JsonNode error = answer.get("error");
        assertThat(error).as(answer.toString()).isNotNull();
        assertThat(error.has("data")).isTrue();
        return error;
    }

    @Test
    void provisionDescribeLabelDestroyOverTheSocket() throws IOException {
        JsonNode id = call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Type\":\"compute\",\"Spec\":"
                + "{\"Properties\":{\"cpu\":1},\"Tags\":{\"role\":\"web\"},\"Init\":\"\",\"LogicalID\":null,\"Attachments\":null}},\"id\":1}")
                .get("result");
        assertThat(id.get("Type").asText()).isEqualTo("compute");
        String instance = id.get("ID").asText();
        call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Type\":\"compute\",\"Spec\":{\"Tags\":{\"role\":\"db\"}}},\"id\":2}");

        JsonNode described = call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{\"role\":\"web\"},\"Properties\":true},\"id\":3}")
                .get("result");
        assertThat(described.get("Descriptions")).hasSize(1);
        assertThat(described.get("Descriptions").get(0).get("ID").asText()).isEqualTo(instance);
        assertThat(described.get("Descriptions").get(0).get("Properties").get("cpu").asInt()).isEqualTo(1);

        JsonNode cheap = call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{\"role\":\"web\"},\"Properties\":false},\"id\":3}")
                .get("result");
        assertThat(cheap.get("Descriptions").get(0).has("Properties")).isFalse();

        JsonNode labelled = call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Label\",\"params\":{\"Type\":\"compute\",\"Instance\":\"" + instance
                + "\",\"Labels\":{\"owner\":\"me\"}},\"id\":4}").get("result");
        assertThat(labelled.get("OK").asBoolean()).isTrue();
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{\"owner\":\"me\"}},\"id\":5}")
                .get("result").get("Descriptions")).hasSize(1);

        JsonNode destroyed = call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Destroy\",\"params\":{\"Type\":\"compute\",\"Instance\":\"" + instance
                + "\",\"Context\":{\"Reason\":\"terminate\"}},\"id\":6}").get("result");
        assertThat(destroyed.get("OK").asBoolean()).isTrue();
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{\"role\":\"web\"}},\"id\":5}")
                .get("result").get("Descriptions")).isEmpty();
        // Other objects on the socket are separate.
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"disk\",\"Tags\":{}},\"id\":5}")
                .get("result").get("Descriptions")).isEmpty();
    }

    @Test
    void handshakeListsTheObjects() throws IOException {
        JsonNode result = call("{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}").get("result");
        assertThat(result.toString()).isEqualTo("{\"Objects\":{\"Instance/0.6.1\":[{\"Name\":\"compute\",\"ProxyFor\":\"\"},"
                + "{\"Name\":\"disk\",\"ProxyFor\":\"\"},{\"Name\":\"net\",\"ProxyFor\":\"\"}]}}");
    }

    @Test
    void unparseableBody() throws IOException {
        JsonNode error = error("{bad json");
        assertThat(error.get("code").asInt()).isEqualTo(-32700);
        assertThat(error.get("message").asText()).contains("not valid JSON");
        assertThat(error("").get("code").asInt()).isEqualTo(-32700);
        assertThat(error("{\"jsonrpc\":\"2.0\"} trailing").get("code").asInt()).isEqualTo(-32700);
        assertGoodCallStillWorks();
    }

    @Test
    void notAJsonRpcRequest() throws IOException {
        assertThat(error("[1,2]").get("message").asText()).contains("batch");
        assertThat(error("42").get("code").asInt()).isEqualTo(-32600);
        JsonNode noVersion = error("{\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}");
        assertThat(noVersion.get("code").asInt()).isEqualTo(-32600);
        assertThat(noVersion.get("message").asText()).contains("\"jsonrpc\" must be \"2.0\"");
        assertThat(error("{\"jsonrpc\":\"2.0\",\"params\":{},\"id\":1}").get("code").asInt()).isEqualTo(-32600);
        assertThat(error("{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"id\":{\"x\":1}}").get("code").asInt()).isEqualTo(-32600);
        assertGoodCallStillWorks();
    }

    @Test
    void unknownMethod() throws IOException {
        JsonNode error = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Nope\",\"params\":{},\"id\":2}");
        assertThat(error.get("code").asInt()).isEqualTo(-32601);
        assertThat(error.get("message").asText()).contains("Instance.Nope").contains("Instance.Provision");
        // A known method of an interface this socket does not serve.
        JsonNode flavor = error("{\"jsonrpc\":\"2.0\",\"method\":\"Flavor.Validate\",\"params\":{},\"id\":2}");
        assertThat(flavor.get("code").asInt()).isEqualTo(-32601);
        assertThat(flavor.get("message").asText()).contains("Flavor/0.1.1").contains("does not serve");
        assertGoodCallStillWorks();
    }

    @Test
    void wrongParamTypesNameTheField() throws IOException {
        JsonNode tags = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":\"web\"},\"id\":3}");
        assertThat(tags.get("code").asInt()).isEqualTo(-32602);
        assertThat(tags.get("message").asText()).contains("\"Tags\"").contains("object").contains("got a string");

        JsonNode bool = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Properties\":\"yes\"},\"id\":3}");
        assertThat(bool.get("code").asInt()).isEqualTo(-32602);
        assertThat(bool.get("message").asText()).contains("\"Properties\"").contains("true or false");

        JsonNode nested = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Type\":\"compute\",\"Spec\":{\"Tags\":{\"a\":[1]}}},\"id\":3}");
        assertThat(nested.get("code").asInt()).isEqualTo(-32602);
        assertThat(nested.get("message").asText()).contains("\"Spec.Tags.a\"");

        JsonNode type = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Validate\",\"params\":{\"Type\":5},\"id\":3}");
        assertThat(type.get("code").asInt()).isEqualTo(-32602);
        assertThat(type.get("message").asText()).contains("\"Type\"").contains("a string");

        JsonNode array = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Validate\",\"params\":[1],\"id\":3}");
        assertThat(array.get("code").asInt()).isEqualTo(-32602);

        JsonNode missing = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Destroy\",\"params\":{\"Type\":\"compute\"},\"id\":3}");
        assertThat(missing.get("code").asInt()).isEqualTo(-32602);
        assertThat(missing.get("message").asText()).contains("\"Instance\"");
        assertGoodCallStillWorks();
    }

    @Test
    void unknownTypeAnswersLikeInfrakitWithAHint() throws IOException {
        JsonNode error = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"nosuch\",\"Tags\":{}},\"id\":3}");
        assertThat(error.get("code").asInt()).isEqualTo(-32000);
        assertThat(error.get("message").asText()).startsWith("no-plugin:nosuch").contains("compute", "disk", "net");
        assertGoodCallStillWorks();
    }

    @Test
    void pluginErrorsCarryTheirMessage() throws IOException {
        JsonNode error = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Validate\",\"params\":{\"Type\":\"compute\",\"Properties\":{\"bad\":1}},\"id\":3}");
        assertThat(error.get("code").asInt()).isEqualTo(-32000);
        assertThat(error.get("message").asText()).isEqualTo("property \"bad\" is not allowed: remove it");
        JsonNode missing = error("{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Destroy\",\"params\":{\"Type\":\"compute\",\"Instance\":\"zz\"},\"id\":3}");
        assertThat(missing.get("message").asText()).isEqualTo("instance zz not found");
        assertGoodCallStillWorks();
    }

    @Test
    void bodyOverSixteenMebibytesIsRefused() throws IOException {
        byte[] big = new byte[20 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        byte[] start = "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Validate\",\"params\":{\"Type\":\"compute\",\"Properties\":\"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, big, 0, start.length);
        RawHttp.Message answer = RawHttp.post(server.socket(), big);
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32600);
        assertThat(error.get("message").asText()).contains("16 MiB");
        assertGoodCallStillWorks();

        // Chunked (no Content-Length) is limited too.
        byte[] head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        byte[] piece = new byte[1024 * 1024];
        Arrays.fill(piece, (byte) ' ');
        for (int i = 0; i < 20; i++) {
            chunks.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(piece);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Message chunked = RawHttp.exchange(server.socket(), head, chunks.toByteArray());
        assertThat(JSON.readTree(chunked.body()).get("error").get("message").asText()).contains("16 MiB");
        assertGoodCallStillWorks();
    }

    @Test
    void manyBadCallsInARowDoNotStopTheServer() throws IOException {
        // The valid-looking ones carry an id: without one they are notifications, answered with nothing.
        String[] bad = {"{", "null", "\"x\"", "{\"jsonrpc\":\"2.0\",\"method\":5}", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Spec\":7},\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"Flavor.Healthy\",\"params\":{\"Instance\":[]},\"id\":2}", "\u0000\u0001"};
        for (String b : bad) {
            assertThat(error(b).get("code").asInt()).isNegative();
        }
        assertGoodCallStillWorks();
    }

    @Test
    void getAndOtherMethods() throws IOException {
        RawHttp.Message notFound = RawHttp.get(server.socket(), "/nope");
        assertThat(notFound.startLine()).contains("405");
        assertGoodCallStillWorks();
    }

    @Test
    void apiJsonHasInfrakitsShapeForInstance() throws IOException {
        RawHttp.Message doc = RawHttp.get(server.socket(), "/info/api.json");
        assertThat(doc.startLine()).contains("200");
        JsonNode ours = JSON.readTree(doc.body());
        JsonNode theirs = JSON.readTree(getClass().getResourceAsStream("/wire/api-simulator.json"));
        assertThat(withoutIds(ours)).isEqualTo(withoutIds(theirs));
    }

    @Test
    void apiJsonHasInfrakitsShapeForFlavor() throws IOException {
        try (RpcServer vanilla = new RpcServer(dir.resolve("vanilla"),
                new Dispatcher("vanilla", Map.of("", new FakeFlavorPlugin()), RpcInterfaces.standard())).start()) {
            JsonNode ours = JSON.readTree(RawHttp.get(vanilla.socket(), "/info/api.json").body());
            JsonNode theirs = JSON.readTree(getClass().getResourceAsStream("/wire/api-vanilla.json"));
            assertThat(withoutIds(ours)).isEqualTo(withoutIds(theirs));
        }
    }

    static JsonNode withoutIds(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("id");
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }

    @Test
    void aCallLongerThanTheIdleTimeoutStillGetsItsAnswer() throws IOException {
        FakeInstancePlugin base = new FakeInstancePlugin("slow");
        io.infrakit.spi.instance.InstancePlugin sleeping = (io.infrakit.spi.instance.InstancePlugin) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{io.infrakit.spi.instance.InstancePlugin.class}, (p, m, a) -> {
                    Thread.sleep(1_500);
                    return m.invoke(base, a);
                });
        try (RpcServer s = new RpcServer(dir.resolve("slow"), new Dispatcher("slow", Map.of("", sleeping), RpcInterfaces.standard()))
                .idleTimeout(java.time.Duration.ofMillis(500)).start()) {
            JsonNode answer = JSON.readTree(RawHttp.post(s.socket(),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Spec\":{}},\"id\":1}").body());
            assertThat(answer.get("result").get("ID").asText()).startsWith("slow-");
        }
    }

    @Test
    void writesPidFileAndRemovesSocketAndPidOnClose() throws IOException {
        assertThat(server.pidFile()).exists();
        assertThat(Files.readString(server.pidFile()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        server.close();
        assertThat(server.socket()).doesNotExist();
        assertThat(server.pidFile()).doesNotExist();
        server = null;
    }

    @Test
    void refusesToStartWhenALivePluginOwnsTheName() {
        RpcServer second = new RpcServer(dir.resolve("simulator"), new Dispatcher("simulator", Map.of(), RpcInterfaces.standard()));
        assertThatThrownBy(second::start).isInstanceOf(PluginException.class)
                .hasMessageContaining("already running").hasMessageContaining(dir.resolve("simulator").toString());
        // and the first one still serves
        assertThat(server.socket()).exists();
    }

    @Test
    void replacesAStaleSocket() throws IOException {
        Path stale = dir.resolve("stale");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        } // closed: the file stays, nobody listens
        assertThat(stale).exists();
        try (RpcServer s = new RpcServer(stale, new Dispatcher("stale", Map.of("", new FakeFlavorPlugin()), RpcInterfaces.standard())).start()) {
            JsonNode hello = JSON.readTree(RawHttp.post(s.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}").body());
            assertThat(hello.get("result").get("Objects").has("Flavor/0.1.1")).isTrue();
        }
    }

    @Test
    void neverReplacesAFileThatIsNotASocket() throws IOException {
        Path file = Files.writeString(dir.resolve("notes"), "keep me");
        assertThatThrownBy(() -> new RpcServer(file, new Dispatcher("notes", Map.of(), RpcInterfaces.standard())).start())
                .isInstanceOf(PluginException.class).hasMessageContaining("not a socket");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void socketPathTooLongIsAClearError() {
        Path deep = dir.resolve("x".repeat(120));
        assertThatThrownBy(() -> new RpcServer(deep, new Dispatcher("x", Map.of(), RpcInterfaces.standard())).start())
                .isInstanceOf(PluginException.class).hasMessageContaining("INFRAKIT_PLUGINS_DIR");
    }

    @Test
    void infrakitShapedRequestBytes() throws IOException {
        // The exact bytes InfraKit's Go client sends (headers from the transcript).
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":4126331641152956568}";
        String head = "POST / HTTP/1.1\r\nHost: h\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: " + body.length()
                + "\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n\r\n";
        RawHttp.Message answer = RawHttp.exchange(server.socket(), head.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.UTF_8));
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("id").asLong()).isEqualTo(4126331641152956568L);
        InputStream unused = InputStream.nullInputStream();
        assertThat(unused).isNotNull();
    }
}
