package io.infrakit.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.binding.InstanceEventsRpc;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.ForwardingInstancePlugin;
import io.infrakit.spi.instance.InstancePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** InstanceEvents/0.1.0 over a real socket: the long poll, its cursors and resets, and the client's stream. */
class InstanceEventsRpcTest {

    static final ObjectMapper JSON = WireJson.mapper();
    static final RpcInterfaces BINDINGS = RpcInterfaces.standard().with(new InstanceEventsRpc());

    /** An instance plugin whose changes the test fires by hand. */
    static final class Pushing implements ForwardingInstancePlugin, InstanceChangeSource {
        final FakeInstancePlugin inner = new FakeInstancePlugin("p");
        final List<Consumer<InstanceChange>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public InstancePlugin delegate() {
            return inner;
        }

        void fire(InstanceChange c) {
            listeners.forEach(l -> l.accept(c));
        }

        @Override
        public AutoCloseable watch(Consumer<InstanceChange> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

    }

    Path dir;
    RpcServer server;
    Pushing plugin;
    PluginRegistry client;

    @BeforeEach
    void start() throws IOException {
        dir = TempDirs.create();
        serve();
        client = new PluginRegistry(InfrakitPaths.under(dir), BINDINGS, Duration.ofSeconds(30));
    }

    void serve() {
        plugin = new Pushing();
        server = new RpcServer(dir.resolve("plugins").resolve("pusher"),
                new Dispatcher("pusher", Map.of("compute", plugin, "plain", new FakeInstancePlugin("x")), BINDINGS)).start();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        TempDirs.delete(dir);
    }

    JsonNode next(String cursor, int wait) throws IOException {
        RawHttp.Message m = RawHttp.post(server.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"InstanceEvents.Next\",\"params\":"
                + "{\"Type\":\"compute\",\"Cursor\":\"" + cursor + "\",\"WaitSeconds\":" + wait + "},\"id\":1}");
        return JSON.readTree(m.body());
    }

    @Test
    void helloListsOnlyTheObjectsThatHaveEvents() throws IOException {
        JsonNode hello = JSON.readTree(RawHttp.post(server.socket(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}").body());
        assertThat(hello.get("result").get("Objects").get("InstanceEvents/0.1.0").toString())
                .isEqualTo("[{\"Name\":\"compute\",\"ProxyFor\":\"\"}]");
    }

    @Test
    void longPollHandsOutChangesAfterTheCursorAndResetsForeignCursors() throws Exception {
        JsonNode first = next("", 0).get("result");
        assertThat(first.get("Events")).isEmpty();
        assertThat(first.get("Reset").asBoolean()).isFalse();
        String cursor = first.get("Cursor").asText();

        // Nothing yet: an answer with no events when the wait ends.
        JsonNode idle = next(cursor, 0).get("result");
        assertThat(idle.get("Events")).isEmpty();
        assertThat(idle.get("Cursor").asText()).isEqualTo(cursor);

        // A change while a poll waits ends the wait.
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                return;
            }
            plugin.fire(new InstanceChange(InstanceChange.Kind.LOST, "i-1", Map.of("infrakit.group", "g"), "gone"));
        });
        long t0 = System.nanoTime();
        JsonNode got = next(cursor, 20).get("result");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(got.get("Events")).hasSize(1);
        assertThat(got.get("Events").get(0).toString())
                .isEqualTo("{\"Kind\":\"LOST\",\"ID\":\"i-1\",\"Tags\":{\"infrakit.group\":\"g\"},\"Detail\":\"gone\"}");
        String after = got.get("Cursor").asText();
        assertThat(after).isNotEqualTo(cursor);
        // Asking again from the old cursor gives the same change (a client that lost the answer).
        assertThat(next(cursor, 0).get("result").get("Events")).hasSize(1);

        JsonNode foreign = next("0abc-0", 0).get("result");
        assertThat(foreign.get("Reset").asBoolean()).isTrue();
        assertThat(foreign.get("Cursor").asText()).isEqualTo(after);
    }

    @Test
    void badWaitIsInvalidParams() throws IOException {
        JsonNode error = next("", 61).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("message").asText()).contains("WaitSeconds").contains("61");
    }

    @Test
    void theClientProxyIsAChangeSourceThatFollowsThePluginAcrossARestart() throws Exception {
        InstancePlugin proxy = client.instance("pusher/compute");
        assertThat(proxy).isInstanceOf(InstanceChangeSource.class);
        LinkedBlockingQueue<InstanceChange> got = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = ((InstanceChangeSource) proxy).watch(got::add)) {
            InstanceChange lost = new InstanceChange(InstanceChange.Kind.LOST, "i-7", Map.of("infrakit.group", "w"), "stopped");
            // The stream subscribes in the background: fire until the first change arrives.
            InstanceChange first = null;
            for (int i = 0; i < 100 && first == null; i++) {
                plugin.fire(lost);
                first = got.poll(100, TimeUnit.MILLISECONDS);
            }
            assertThat(first).isEqualTo(lost);

            // The plugin restarts: a new process would be a new object with new cursors.
            server.close();
            serve();
            InstanceChange resync = got.poll(15, TimeUnit.SECONDS);
            while (resync != null && resync.equals(lost)) {
                resync = got.poll(15, TimeUnit.SECONDS);
            }
            assertThat(resync).as("a reset after the restart").isNotNull();
            assertThat(resync.kind()).isEqualTo(InstanceChange.Kind.CHANGED);
            assertThat(resync.instanceId()).isNull();
            assertThat(resync.tags()).isEmpty();

            InstanceChange later = new InstanceChange(InstanceChange.Kind.CHANGED, "i-8", Map.of(), "restarted");
            InstanceChange after = null;
            for (int i = 0; i < 100 && after == null; i++) {
                plugin.fire(later);
                after = got.poll(100, TimeUnit.MILLISECONDS);
            }
            assertThat(after).isEqualTo(later);
        }
    }

    @Test
    void aPluginWithoutEventsIsRefusedSoTheCallerPolls() {
        InstancePlugin plain = client.instance("pusher/plain");
        assertThatThrownBy(() -> ((InstanceChangeSource) plain).watch(c -> { }))
                .isInstanceOf(PluginException.class).hasMessageContaining("InstanceEvents/0.1.0");
    }
}
