package io.infrakit.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.binding.RpcMethod;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.testing.FakeFlavorPlugin;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.StubPlugin;
import io.infrakit.spi.group.GroupPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every call of {@code wire/infrakit-go-transcript.jsonl} (recorded from InfraKit's Go CLI and
 * group controller) through our client and our server:
 * <ul>
 * <li>client: the recorded params, decoded and passed to our client proxy, go out as the same JSON
 * (names, nulls, order) in InfraKit's request shape; the recorded answer (text/plain, sometimes
 * chunked) decodes back to the recorded result;</li>
 * <li>server: the recorded request body, dispatched to a double returning what the client decoded,
 * is answered with exactly the recorded result.</li>
 * </ul>
 */
class TranscriptGoldenTest {

    static final ObjectMapper JSON = WireJson.mapper();
    static Path dir;
    static SimpleUnixHttp simpleHttp = new SimpleUnixHttp();

    record Entry(int line, String socket, String method, JsonNode requestHeaders, JsonNode request,
                 JsonNode responseHeaders, JsonNode response) {
        @Override
        public String toString() {
            return "line " + line + " " + socket + " " + method;
        }

        boolean chunked() {
            for (JsonNode h : responseHeaders) {
                if (h.asText().equalsIgnoreCase("Transfer-Encoding: chunked")) {
                    return true;
                }
            }
            return false;
        }

        JsonNode result() {
            JsonNode r = response.get("result").deepCopy();
            if (r instanceof ObjectNode o) {
                o.remove("_note"); // added by whoever cut the list for the transcript
            }
            return r;
        }
    }

    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                TranscriptGoldenTest.class.getResourceAsStream("/wire/infrakit-go-transcript.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                out.add(new Entry(n, e.get("socket").asText(), e.get("method").asText(), e.get("requestHeaders"),
                        e.get("request"), e.get("responseHeaders"), e.get("response")));
            }
        }
        return out;
    }

    static List<Entry> calls() throws IOException {
        return entries().stream().filter(e -> !e.method().equals("Handshake.Hello")).toList();
    }

    static List<Entry> hellos() throws IOException {
        return entries().stream().filter(e -> e.method().equals("Handshake.Hello")).toList();
    }

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "ikg");
    }

    @AfterAll
    static void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void transcriptCoversEveryRecordedMethod() throws IOException {
        assertThat(entries()).hasSizeGreaterThan(100);
        assertThat(calls().stream().map(Entry::method).distinct())
                .contains("Instance.Provision", "Instance.DescribeInstances", "Instance.Destroy", "Instance.Validate",
                        "Flavor.Validate", "Flavor.Prepare", "Flavor.Healthy", "Flavor.Drain",
                        "Group.CommitGroup", "Group.DescribeGroup", "Group.Size", "Group.SetSize",
                        "Group.InspectGroups", "Group.DestroyGroup");
    }

    record Call(Method method, Object[] args, Object result) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void clientReencodesAndServerAnswersLikeInfrakit(Entry e) throws Exception {
        RpcInterfaces interfaces = RpcInterfaces.standard();
        RpcInterface<?> iface = null;
        RpcMethod<?, ?> method = null;
        for (RpcInterface<?> i : interfaces.all()) {
            for (RpcMethod<?, ?> m : i.methods()) {
                if (m.name().equals(e.method())) {
                    iface = i;
                    method = m;
                }
            }
        }
        assertThat(method).as("binding for " + e.method()).isNotNull();
        JsonNode recordedParams = e.request().get("params");
        Object params = JSON.treeToValue(recordedParams, method.paramsType());

        // --- client side, with both transports: our proxy against a stub that answers as InfraKit did.
        // Each entry gets its own stub on the same socket path, so the pooled Jetty client is fresh per
        // entry: a connection pooled to the previous entry's (closed) stub would fail the next call with
        // an EOF, and a non-repeatable call (Instance.Provision) is rightly not resent.
        AtomicReference<Call> call = new AtomicReference<>();
        try (UnixHttpClient pooled = new UnixHttpClient()) {
            for (UnixHttp transport : List.of(pooled, simpleHttp)) {
                clientSide(e, iface, method, params, recordedParams, transport, call);
            }
        }

        // --- server side: the recorded request, dispatched to a double that replays what the client got.
        Call recorded = call.get();
        assertThat(recorded).as("the client proxy was called").isNotNull();
        Object replay = replayProxy(iface.type(), recorded);
        String objectName = iface.type() == GroupPlugin.class ? "" : recordedParams.path("Type").asText("");
        Dispatcher dispatcher = new Dispatcher(e.socket(), Map.of(objectName, replay), interfaces);
        JsonNode answer = JSON.readTree(dispatcher.handle(JSON.writeValueAsBytes(e.request())));
        assertThat(answer.has("error")).as("error: " + answer.get("error")).isFalse();
        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.get("id")).isEqualTo(e.request().get("id"));
        assertThat(fieldNames(answer)).containsExactly("jsonrpc", "result", "id");
        assertThat(canonical(answer.get("result"))).as("our server's answer").isEqualTo(canonical(e.result()));
    }

    private void clientSide(Entry e, RpcInterface<?> iface, RpcMethod<?, ?> method, Object params, JsonNode recordedParams,
                            UnixHttp transport, AtomicReference<Call> call) throws Exception {
        Path socket = dir.resolve(e.socket());
        Object result;
        try (StubPlugin stub = new StubPlugin(socket, req -> {
            ObjectNode answer = e.response().deepCopy();
            try {
                answer.set("id", JSON.readTree(req.body()).get("id"));
            } catch (IOException ex) {
                throw new RuntimeException(ex);
            }
            String json = answer.toString();
            return e.chunked() ? StubPlugin.Reply.infrakitChunked(json) : StubPlugin.Reply.infrakit(json);
        })) {
            String objectName = recordedParams.has("Name") ? recordedParams.get("Name").asText()
                    : e.socket() + (recordedParams.path("Type").asText().isEmpty() ? "" : "/" + recordedParams.get("Type").asText());
            Object client = iface.client(new RpcClient(transport, socket, e.socket(), Duration.ofSeconds(10)), PluginName.parse(objectName));
            Object recording = recordingProxy(iface.type(), client, call);
            result = method.invoke(recording, params);

            assertThat(stub.requests()).hasSize(1);
            RawHttp.Message sent = stub.requests().getFirst();
            assertThat(sent.startLine()).isEqualTo("POST / HTTP/1.1");
            assertThat(sent.header("Host")).isEqualTo("h");
            assertThat(sent.header("Content-Type")).startsWith("application/json");
            JsonNode body = JSON.readTree(sent.body());
            assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(body.get("method").asText()).isEqualTo(e.method());
            assertThat(body.get("id").isIntegralNumber()).isTrue();
            assertThat(fieldNames(body)).containsExactly("jsonrpc", "method", "params", "id");
            assertThat(canonical(body.get("params"))).as("params re-encoded by our client").isEqualTo(canonical(recordedParams));
        }
        assertThat(canonical(JSON.readTree(JSON.writeValueAsString(result)))).as("result decoded by our client")
                .isEqualTo(canonical(e.result()));

    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hellos")
    void handshakeListsObjectsAsInfrakitDoes(Entry e) throws Exception {
        Map<String, Object> objects = new LinkedHashMap<>();
        switch (e.socket()) {
            case "simulator" -> {
                objects.put("compute", new FakeInstancePlugin("c"));
                objects.put("disk", new FakeInstancePlugin("d"));
                objects.put("net", new FakeInstancePlugin("n"));
            }
            case "vanilla" -> objects.put("", new FakeFlavorPlugin());
            case "group-stateless" -> objects.put("", replayProxy(GroupPlugin.class, null));
            default -> throw new AssertionError("unexpected socket " + e.socket());
        }
        Dispatcher dispatcher = new Dispatcher(e.socket(), objects, RpcInterfaces.standard());
        JsonNode answer = JSON.readTree(dispatcher.handle(JSON.writeValueAsBytes(e.request())));
        JsonNode ours = answer.get("result").get("Objects");
        JsonNode theirs = e.result().get("Objects");
        assertThat(ours.size()).isPositive();
        for (Iterator<String> it = ours.fieldNames(); it.hasNext(); ) {
            String iface = it.next();
            // Same objects; InfraKit's order of L4 objects varies between calls, ours is stable.
            assertThat(sortedNames(ours.get(iface))).as(iface).isEqualTo(sortedNames(theirs.get(iface)));
            assertThat(ours.get(iface).get(0).has("ProxyFor")).isTrue();
        }

        // And our discovery reads InfraKit's answer (text/plain), interfaces we do not serve included.
        Path socket = dir.resolve(e.socket());
        try (StubPlugin stub = new StubPlugin(socket, req -> StubPlugin.Reply.infrakit(e.response().toString()));
             UnixHttpClient pooled = new UnixHttpClient()) {
            DiscoveredPlugin found = new PluginDiscovery(InfrakitPaths.under(dir), pooled, Duration.ofSeconds(5)).probe(socket);
            assertThat(found.state()).as(String.valueOf(found.problem())).isEqualTo(DiscoveredPlugin.State.LIVE);
            Map<String, List<String>> expected = new LinkedHashMap<>();
            theirs.properties().forEach(f -> expected.put(f.getKey(), sortedNames(f.getValue())));
            Map<String, List<String>> got = new LinkedHashMap<>();
            found.objects().forEach((k, v) -> got.put(k, v.stream().sorted().toList()));
            assertThat(got).isEqualTo(expected);
        }
    }

    static List<String> sortedNames(JsonNode refs) {
        List<String> names = new ArrayList<>();
        refs.forEach(r -> names.add(r.get("Name").asText()));
        return names.stream().sorted().toList();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** JSON text with InfraKit's field order kept; numbers normalised by the parser. */
    static String canonical(JsonNode node) throws IOException {
        return JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(node)));
    }

    static Object recordingProxy(Class<?> type, Object target, AtomicReference<Call> call) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, m, args) -> {
            try {
                Object r = m.invoke(target, args);
                if (m.getDeclaringClass() != Object.class) {
                    call.set(new Call(m, args, r));
                }
                return r;
            } catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        });
    }

    static Object replayProxy(Class<?> type, Call expected) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> "replay";
                    case "hashCode" -> System.identityHashCode(p);
                    default -> p == args[0];
                };
            }
            assertThat(expected).as("unexpected call " + m.getName()).isNotNull();
            assertThat(m).isEqualTo(expected.method());
            assertThat(Arrays.deepEquals(args, expected.args()))
                    .as("server decoded " + Arrays.deepToString(args) + " but the client sent " + Arrays.deepToString(expected.args()))
                    .isTrue();
            return expected.result();
        });
    }
}
