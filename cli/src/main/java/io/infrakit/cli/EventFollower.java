package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.manager.ManagerApi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code infrakit events -f} on InfraKit's Event/0.1.0: one {@code GET /events} on the manager's
 * socket, a stream of server-sent events that the manager pushes as they happen (no polling).
 * HTTP/1.0, so the stream is the raw body until the daemon closes it.
 */
final class EventFollower {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFollower() {
    }

    /** How a follow ended. */
    enum End {
        /** The daemon closed the stream (it stopped). */
        CLOSED,
        /** The daemon has no event stream (an older one): poll instead. */
        UNSUPPORTED
    }

    /**
     * Follows {@code topic} on the socket, starting after event {@code after}; gives each event to
     * {@code sink} until the stream ends.
     */
    static End follow(Path socket, String topic, long after, Consumer<ManagerApi.EventView> sink) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            io.infrakit.rpc.client.SocketOwner.checkPeer(channel, socket);
            OutputStream out = Channels.newOutputStream(channel);
            out.write(("GET /events?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&after=" + after
                    + " HTTP/1.0\r\nHost: infrakit\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.matches("HTTP/1\\.\\d 200.*")) {
                return End.UNSUPPORTED;
            }
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // headers
            }
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    sink.accept(view(JSON.readTree(line.substring(5).trim())));
                }
            }
            return End.CLOSED;
        }
    }

    /** The CLI's view of one event of the stream ({@code Data} carries the manager's fields). */
    static ManagerApi.EventView view(JsonNode e) {
        JsonNode d = e.path("Data");
        return new ManagerApi.EventView(d.path("Sequence").asLong(), e.path("Timestamp").asText(), e.path("Type").asText(),
                d.path("Group").asText(null), d.path("Instance").asText(null), d.path("Message").asText(null));
    }
}
