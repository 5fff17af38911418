package io.infrakit.rpc.server;

import io.infrakit.rpc.WireJson;
import io.infrakit.spi.event.EventHistory;
import io.infrakit.spi.event.EventPlugin;
import io.infrakit.spi.event.TopicEvent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /events?topic=T}: InfraKit's subscription to an {@code Event/0.1.0} plugin, a stream
 * of server-sent events, one {@code data:} line of JSON ({@link TopicEvent}) per event, each with
 * its {@code id:} so that a reconnecting client (a browser's EventSource) resumes with
 * {@code Last-Event-ID}. {@code after=N} starts after event N instead of at the newest.
 * <p>
 * Each subscriber reads the plugin's history on its own virtual thread every {@link #POLL}: a
 * slow reader holds up nobody, and the publisher never waits. A comment line every
 * {@link #KEEP_ALIVE} keeps idle connections open and notices clients that left.
 */
public final class EventStream implements HttpRoute {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    public static final String PATH = "/events";
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private final EventHistory plugin;
    private volatile boolean closed;

    public EventStream(EventHistory plugin) {
        this.plugin = plugin;
    }

    @Override
    public boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) || !Request.getPathInContext(request).equals(PATH)) {
            return false;
        }
        Fields query = Request.extractQueryParameters(request);
        String topic = query.getValue("topic") == null ? "." : query.getValue("topic");
        if (!plugin.validTopic(topic)) {
            text(response, callback, 404, "invalid topic: " + topic + "; known topics under the root: " + plugin.list(".")
                    + " (Event.List names the children of any topic)\n");
            return true;
        }
        long after;
        try {
            after = start(query.getValue("after"), request.getHeaders().get("Last-Event-ID"));
        } catch (NumberFormatException e) {
            text(response, callback, 400, "after / Last-Event-ID must be an event's sequence number (a whole number)\n");
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write((": subscribed to " + EventPlugin.normalise(topic) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long quietSince = System.nanoTime();
            while (!closed) {
                List<TopicEvent> events = plugin.since(topic, after);
                for (TopicEvent e : events) {
                    out.write(frame(e));
                    after = Math.max(after, e.sequence());
                }
                if (!events.isEmpty()) {
                    out.flush();
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                }
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            // The subscriber left: the usual way a stream ends.
            LOG.debug("event subscriber on {} left: {}", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callback.succeeded();
        return true;
    }

    /** Where a new subscription starts: after the given sequence, else at the newest event. */
    private long start(String afterParam, String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return Long.parseLong(lastEventId.trim());
        }
        if (afterParam != null && !afterParam.isBlank()) {
            return Long.parseLong(afterParam.trim());
        }
        return plugin.latest();
    }

    /** One server-sent event: its id and one line of JSON (JSON text has no raw newline). */
    static byte[] frame(TopicEvent e) throws IOException {
        String json = WireJson.mapper().writeValueAsString(e);
        return ("id: " + e.sequence() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void text(Response response, Callback callback, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    @Override
    public void close() {
        closed = true;
    }
}
