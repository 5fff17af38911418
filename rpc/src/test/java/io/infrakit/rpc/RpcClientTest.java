package io.infrakit.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.binding.FlavorRpc;
import io.infrakit.rpc.binding.InstanceRpc;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.client.UnixHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.FakeFlavorPlugin;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.StubPlugin;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpcClientTest {

    Path dir;
    UnixHttp http;

    @BeforeEach
    void setUp() throws IOException {
        dir = TempDirs.create();
        http = new UnixHttpClient();
    }

    /** Tests taking a transport name run with Jetty's client and with the plain java.nio one. */
    void use(String transport) {
        if (transport.equals("simple")) {
            http.close();
            http = new SimpleUnixHttp();
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        http.close();
        TempDirs.delete(dir);
    }

    RpcClient client(String name, Duration timeout) {
        return new RpcClient(http, dir.resolve(name), name, timeout);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void instanceRoundTripThroughOurServer(String transport) {
        use(transport);
        try (RpcServer server = new RpcServer(dir.resolve("sim"), new Dispatcher("sim",
                Map.of("compute", new FakeInstancePlugin("c")), RpcInterfaces.standard())).start()) {
            InstanceRpc.Client compute = new InstanceRpc.Client(client("sim", null), "compute");
            compute.validate(JsonNodeFactory.instance.objectNode().put("cpu", 1));
            String id = compute.provision(new InstanceSpec(JsonNodeFactory.instance.objectNode().put("cpu", 2),
                    Map.of("role", "web"), "echo hi", "db-1", null));
            compute.label(id, Map.of("owner", "me"));
            List<InstanceDescription> found = compute.describeInstances(Map.of("owner", "me"), true);
            assertThat(found).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(id);
                assertThat(d.logicalId()).isEqualTo("db-1");
                assertThat(d.tags()).containsEntry("role", "web").containsEntry("owner", "me");
                assertThat(d.properties().get("cpu").asInt()).isEqualTo(2);
            });
            assertThat(compute.describeInstances(Map.of(), false).getFirst().properties()).isNull();
            compute.destroy(id, DestroyContext.terminate());
            assertThat(compute.describeInstances(Map.of(), false)).isEmpty();

            assertThatThrownBy(() -> compute.validate(JsonNodeFactory.instance.objectNode().put("bad", 1)))
                    .isInstanceOf(RpcException.class).hasMessage("property \"bad\" is not allowed: remove it")
                    .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(-32000));
            assertThatThrownBy(() -> new InstanceRpc.Client(client("sim", null), "nosuch").describeInstances(Map.of(), false))
                    .isInstanceOf(PluginException.class).hasMessageStartingWith("no-plugin:nosuch");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void flavorRoundTrip(String transport) {
        use(transport);
        try (RpcServer server = new RpcServer(dir.resolve("van"), new Dispatcher("van",
                Map.of("", new FakeFlavorPlugin()), RpcInterfaces.standard())).start()) {
            FlavorRpc.Client flavor = new FlavorRpc.Client(client("van", null), "");
            flavor.validate(null, Allocation.ofSize(3));
            InstanceSpec prepared = flavor.prepare(null, new InstanceSpec(null, Map.of("a", "b"), "", null, null),
                    Allocation.ofSize(3), new Index("g", 4));
            assertThat(prepared.tags()).containsEntry("flavor", "fake").containsEntry("a", "b");
            assertThat(prepared.init()).isEqualTo("echo 4");
            InstanceDescription d = new InstanceDescription("i-1", null, Map.of(), null);
            assertThat(flavor.healthy(null, d)).isEqualTo(Health.HEALTHY);
            flavor.drain(null, d);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void missingSocketNamesPluginAndPath(String transport) {
        use(transport);
        assertThatThrownBy(() -> new InstanceRpc.Client(client("ghost", null), "compute").describeInstances(Map.of(), false))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'ghost'").hasMessageContaining(dir.resolve("ghost").toString()).hasMessageContaining("not running");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void deadSocketNamesPluginAndPath(String transport) throws IOException {
        use(transport);
        Path dead = dir.resolve("dead");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(dead));
        }
        assertThatThrownBy(() -> client("dead", null).call("Handshake.Hello", Map.of()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'dead'").hasMessageContaining(dead.toString()).hasMessageContaining("stale");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void timeoutNamesPluginAndPath(String transport) throws IOException {
        use(transport);
        try (StubPlugin slow = new StubPlugin(dir.resolve("slow"), r -> new StubPlugin.Reply(200, "text/plain", "{}".getBytes(), false, 3_000))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client("slow", Duration.ofMillis(300)).call("Handshake.Hello", Map.of()))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("'slow'").hasMessageContaining("did not answer").hasMessageContaining("300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void acceptsInfrakitsEmptyAnswerToAParseErrorAsAnError(String transport) throws IOException {
        use(transport);
        try (StubPlugin stub = new StubPlugin(dir.resolve("go"), r -> new StubPlugin.Reply(200, null, new byte[0], false, 0))) {
            assertThatThrownBy(() -> client("go", null).call("Handshake.Hello", Map.of()))
                    .isInstanceOf(PluginException.class).hasMessageContaining("empty body");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void acceptsChunkedTextPlainAnswersAndRemoteErrors(String transport) throws IOException {
        use(transport);
        try (StubPlugin stub = new StubPlugin(dir.resolve("go"), r -> StubPlugin.Reply.infrakitChunked(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Group ID must not be blank\",\"data\":null},\"id\":1}"))) {
            assertThatThrownBy(() -> RpcInterfaces.standard().forType(io.infrakit.spi.group.GroupPlugin.class)
                    .client(client("go", null), PluginName.parse("group")).commitGroup(new io.infrakit.spi.group.GroupSpec("", null), false))
                    .isInstanceOf(RpcException.class).hasMessage("Group ID must not be blank");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void nonJsonAnswerIsAClearError(String transport) throws IOException {
        use(transport);
        try (StubPlugin stub = new StubPlugin(dir.resolve("html"), r -> new StubPlugin.Reply(404, "text/html", "<h1>nope</h1>".getBytes(), false, 0))) {
            assertThatThrownBy(() -> client("html", null).call("Handshake.Hello", Map.of()))
                    .isInstanceOf(PluginException.class).hasMessageContaining("HTTP 404").hasMessageContaining("<h1>nope</h1>");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void survivesAPluginRestartBetweenCalls(String transport) throws IOException {
        use(transport);
        Path socket = dir.resolve("flappy");
        String hello = "{\"jsonrpc\":\"2.0\",\"result\":{\"Objects\":{}},\"id\":1}";
        RpcClient rpc = client("flappy", null);
        for (int i = 0; i < 5; i++) {
            try (StubPlugin stub = new StubPlugin(socket, r -> StubPlugin.Reply.infrakit(hello))) {
                assertThat(rpc.call("Handshake.Hello", Map.of()).has("Objects")).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void manyConcurrentCalls(String transport) throws Exception {
        use(transport);
        FakeInstancePlugin plugin = new FakeInstancePlugin("c");
        try (RpcServer server = new RpcServer(dir.resolve("busy"), new Dispatcher("busy",
                Map.of("compute", plugin), RpcInterfaces.standard())).start();
             var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            InstanceRpc.Client compute = new InstanceRpc.Client(client("busy", null), "compute");
            List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                ids.add(pool.submit(() -> compute.provision(new InstanceSpec(null, Map.of("n", "" + n), "", null, null))));
            }
            java.util.Set<String> unique = new java.util.HashSet<>();
            for (var f : ids) {
                unique.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(unique).hasSize(200);
            assertThat(compute.describeInstances(Map.of(), false)).hasSize(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void waitsWhenTheServersAcceptQueueIsFull(String transport) throws Exception {
        use(transport);
        String hello = "{\"jsonrpc\":\"2.0\",\"result\":{\"Objects\":{}},\"id\":1}";
        try (StubPlugin slow = new StubPlugin(dir.resolve("queue"), r -> StubPlugin.Reply.infrakit(hello), 1, 300);
             var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> client("queue", Duration.ofSeconds(20)).call("Handshake.Hello", Map.of())));
            }
            for (var c : calls) {
                c.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            // Every call answered; Hello may be resent after a dropped pooled connection (it is repeatable).
            assertThat(slow.requests()).hasSizeGreaterThanOrEqualTo(20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "simple"})
    void aProvisionThePluginMayHaveReadIsNeverSentTwice(String transport) throws Exception {
        use(transport);
        String hello = "{\"jsonrpc\":\"2.0\",\"result\":{\"Objects\":{}},\"id\":1}";
        String provisioned = "{\"jsonrpc\":\"2.0\",\"result\":{\"Type\":\"compute\",\"ID\":\"i-1\"},\"id\":1}";
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // The plugin reads the first two requests and hangs up without an answer: the client cannot
        // tell whether they were acted on.
        try (StubPlugin flaky = new StubPlugin(dir.resolve("flaky"), r -> calls.incrementAndGet() <= 2
                ? StubPlugin.Reply.hangUp()
                : StubPlugin.Reply.infrakit(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("Provision") ? provisioned : hello))) {
            RpcClient rpc = client("flaky", Duration.ofSeconds(5));
            io.infrakit.spi.instance.InstancePlugin compute = new InstanceRpc.Client(rpc, "compute");
            assertThatThrownBy(() -> compute.provision(new InstanceSpec(null, Map.of(), "", null, null)))
                    .isInstanceOf(PluginException.class);
            assertThat(flaky.requests()).as("a Provision is not resent").hasSize(1);
            if (transport.equals("jetty")) {
                // A repeatable call is resent once on a fresh connection and succeeds.
                rpc.call("Handshake.Hello", Map.of());
                assertThat(flaky.requests()).hasSize(3);
            }
        }
    }
}
