package io.infrakit.rpc.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.infrakit.rpc.RpcErrors;
import io.infrakit.rpc.WireJson;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers' envelopes are written by hand, and Hello in maps (no annotations read on a cold daemon's first call):
 * byte for byte what Jackson's bean serializers made of the records they replaced, kept here as the reference.
 */
class JsonRpcEnvelopeBytesTest {

    @JsonPropertyOrder({"jsonrpc", "result", "id"})
    record Success(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("result") Object result, @JsonProperty("id") JsonNode id) {
    }

    @JsonPropertyOrder({"jsonrpc", "error", "id"})
    record Failure(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("error") Error error, @JsonProperty("id") JsonNode id) {
    }

    @JsonPropertyOrder({"code", "message", "data"})
    record Error(@JsonProperty("code") int code, @JsonProperty("message") String message,
                 @JsonProperty("data") @JsonInclude(JsonInclude.Include.ALWAYS) Object data) {
    }

    static final ObjectMapper REFERENCE = WireJson.beanSerializersOnly();
    static final List<JsonNode> IDS = List.of(IntNode.valueOf(7), TextNode.valueOf("a\"b é"), NullNode.getInstance());

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void successesAreTheRecordsBytes() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", List.of("x", "y"));
        map.put("m", null);
        List<Object> results = new ArrayList<>(Arrays.asList(null, "text with \"quotes\" and \u00e9\u2028", 42, true,
                List.of(), map, new InterfaceSpec("Instance", "0.6.1"),
                new InstanceDescription("i-1", "l1", Map.of("b", "2", "a", "1"), null),
                REFERENCE.readTree("{\"k\":[1,2.5,{\"n\":null}]}")));
        for (JsonNode id : IDS) {
            for (Object result : results) {
                JsonRpcEnvelope envelope = new JsonRpcEnvelope("t", WireJson.mapper());
                byte[] body = ("{\"jsonrpc\":\"2.0\",\"method\":\"M.x\",\"params\":{},\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
                byte[] ours = envelope.handle(body, (method, params) -> result);
                assertThat(text(ours)).as("result %s, id %s", result, id)
                        .isEqualTo(text(REFERENCE.writeValueAsBytes(new Success("2.0", result, id))));
            }
        }
    }

    @Test
    void errorsAreTheRecordsBytes() throws Exception {
        for (JsonNode id : IDS) {
            for (String message : Arrays.asList("Method not found: M.x", "quote \" backslash \\ control \u0001 é", null)) {
                byte[] ours = new JsonRpcEnvelope("t", WireJson.mapper()).error(id, RpcErrors.METHOD_NOT_FOUND, message);
                assertThat(text(ours)).isEqualTo(text(REFERENCE.writeValueAsBytes(
                        new Failure("2.0", new Error(RpcErrors.METHOD_NOT_FOUND, message, null), id))));
            }
        }
        byte[] refused = new JsonRpcEnvelope("t", WireJson.mapper()).handle("[1]".getBytes(StandardCharsets.UTF_8), (m, p) -> null);
        assertThat(REFERENCE.readTree(refused).path("error").path("code").asInt()).isEqualTo(RpcErrors.INVALID_REQUEST);
    }

    @Test
    void helloIsTheRecordsBytes() throws Exception {
        InstancePlugin plugin = new FakeInstancePlugin("i");
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("zeta", plugin);
        objects.put("", plugin);
        objects.put("alpha", plugin);
        Dispatcher dispatcher = new Dispatcher("sim", objects, RpcInterfaces.discover());
        byte[] ours = dispatcher.handle("{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}"
                .getBytes(StandardCharsets.UTF_8));
        String expected = text(REFERENCE.writeValueAsBytes(new Success("2.0", dispatcher.hello(), IntNode.valueOf(1))));
        assertThat(text(ours)).isEqualTo(expected).contains("\"Name\":\".\"").contains("\"Name\":\"alpha\"");
    }
}
