package io.infrakit.rpc.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.rpc.WireJson;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.event.EventHistory;
import io.infrakit.spi.event.EventPlugin;
import io.infrakit.spi.event.TopicEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** InfraKit's Event/0.1.0 on a socket: Event.List as a call, the events as a stream on GET /events. */
class EventStreamTest {

    /** An event history tests publish to: topics a/b/..., every event kept. */
    static final class Events implements EventHistory {
        final List<TopicEvent> events = new CopyOnWriteArrayList<>();

        void publish(String topic) {
            long seq = events.size() + 1;
            events.add(new TopicEvent(topic, topic.substring(topic.lastIndexOf('/') + 1), Long.toString(seq),
                    "2026-01-01T00:00:0" + (seq % 10) + "Z", Map.of("N", seq), seq));
        }

        @Override
        public List<String> list(String topic) {
            return switch (EventPlugin.normalise(topic)) {
                case "" -> List.of("group");
                case "group" -> List.of("web", "workers");
                default -> List.of();
            };
        }

        @Override
        public boolean validTopic(String topic) {
            return EventPlugin.normalise(topic).isEmpty() || EventPlugin.normalise(topic).startsWith("group");
        }

        @Override
        public List<TopicEvent> since(String topic, long after) {
            return events.stream().filter(e -> e.sequence() > after && EventPlugin.matches(topic, e.topic())).toList();
        }

        @Override
        public long latest() {
            return events.size();
        }
    }

    Path dir;
    InfrakitPaths paths;
    final Events events = new Events();
    RpcServer server;

    @BeforeEach
    void start() throws Exception {
        dir = TempDirs.create();
        paths = InfrakitPaths.under(dir);
        server = new RpcServer(paths.socket("group"), new Dispatcher("group", Map.of("event", events), RpcInterfaces.discover())).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        TempDirs.delete(dir);
    }

    @Test
    void topicsMatchTheirSubtreeWhenTheyEndInASlashAndThemselvesOtherwise() {
        assertThat(EventPlugin.matches(".", "group/web/LOST")).isTrue();
        assertThat(EventPlugin.matches("", "group/web/LOST")).isTrue();
        assertThat(EventPlugin.matches("group/", "group/web/LOST")).isTrue();
        assertThat(EventPlugin.matches("/group/web/", "group/web/LOST")).isTrue();
        assertThat(EventPlugin.matches("group/web/", "group/workers/LOST")).isFalse();
        assertThat(EventPlugin.matches("group/web/LOST", "group/web/LOST")).isTrue();
        assertThat(EventPlugin.matches("group/web", "group/web/LOST")).isFalse();
    }

    @Test
    void eventListNamesChildTopicsGivenAsTextOrAsInfraKitsListOfNames() throws Exception {
        JsonNode root = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Event.List\",\"params\":{\"Topic\":\".\"},\"id\":1}").body());
        assertThat(root.path("result").path("Nodes").toString()).isEqualTo("[\"group\"]");
        JsonNode groups = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Event.List\",\"params\":{\"Topic\":[\"group\"]},\"id\":2}").body());
        assertThat(groups.path("result").path("Nodes").toString()).isEqualTo("[\"web\",\"workers\"]");
        JsonNode bad = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Event.List\",\"params\":{\"Topic\":7},\"id\":3}").body());
        assertThat(bad.path("error").path("message").asText()).contains("\"Topic\" is 7");
        JsonNode hello = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":4}").body());
        assertThat(hello.path("result").path("Objects").path("Event/0.1.0").get(0).path("Name").asText()).isEqualTo("event");

        try (PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.discover(), RpcClient.DEFAULT_TIMEOUT)) {
            EventPlugin remote = registry.lookup("group/event", EventPlugin.class);
            assertThat(remote.list("group")).containsExactly("web", "workers");
        }
    }

    @Test
    void aSubscriberGetsTheEventsOfItsTopicAfterItsCursorAsServerSentEvents() throws Exception {
        events.publish("group/web/PROVISIONED");
        events.publish("group/workers/PROVISIONED");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(server.socket()));
            OutputStream out = Channels.newOutputStream(channel);
            out.write("GET /events?topic=group/workers/&after=0 HTTP/1.0\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    String l;
                    while ((l = in.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (Exception e) {
                    // closed by the test
                }
            });
            org.awaitility.Awaitility.await().until(() -> lines.contains("id: 2"));
            events.publish("group/web/LOST");
            events.publish("group/workers/LOST");
            org.awaitility.Awaitility.await().until(() -> lines.contains("id: 4"));
            channel.close();
            reader.join(2_000);
        }
        assertThat(lines.getFirst()).startsWith("HTTP/1.1 200");
        assertThat(lines).contains("Content-Type: text/event-stream; charset=utf-8", ": subscribed to group/workers")
                .doesNotContain("id: 1", "id: 3");
        List<String> data = new ArrayList<>(lines.stream().filter(l -> l.startsWith("data: ")).toList());
        assertThat(data).hasSize(2);
        JsonNode lost = WireJson.mapper().readTree(data.get(1).substring(6));
        assertThat(lost.path("Topic").asText()).isEqualTo("group/workers/LOST");
        assertThat(lost.path("Type").asText()).isEqualTo("LOST");
        assertThat(lost.path("ID").asText()).isEqualTo("4");
        assertThat(lost.path("Data").path("N").asLong()).isEqualTo(4);
    }

    @Test
    void anUnknownTopicIs404AndABadCursor400() throws Exception {
        RawHttp.Message unknown = RawHttp.get(server.socket(), "/events?topic=nothing/here");
        assertThat(unknown.startLine()).contains(" 404 ");
        assertThat(unknown.text()).contains("invalid topic: nothing/here").contains("[group]");
        assertThat(RawHttp.get(server.socket(), "/events?topic=group/&after=x").startLine()).contains(" 400 ");
    }
}
