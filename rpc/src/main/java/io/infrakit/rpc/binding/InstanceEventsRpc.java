package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.ForwardingInstancePlugin;
import io.infrakit.spi.instance.InstancePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@code InstanceEvents/0.1.0}: our extension to InfraKit's protocol through which an instance plugin
 * in another process streams the changes its provider noticed (what {@link InstanceChangeSource} gives
 * in one JVM), so that a group controller heals at once instead of at its next poll. Listed in the
 * handshake only: InfraKit clients that do not know it never see it.
 * <p>
 * One method, a long poll: {@code InstanceEvents.Next {Type, Cursor, WaitSeconds}} answers
 * {@code {Type, Cursor, Reset, Events:[{Kind, ID, Tags, Detail}]}} as soon as there are changes after
 * {@code Cursor}, or empty after {@code WaitSeconds} (0: at once; at most {@value #MAX_WAIT_SECONDS}).
 * An empty cursor subscribes and returns the current position. {@code Reset: true} says changes may
 * have been missed (the plugin restarted: its cursors start a new epoch; or the client fell more than
 * {@value #BUFFERED} changes behind): the client must observe again (a poll), then go on from the new
 * cursor. Any language can serve it: see examples/plugins/python.
 * <p>
 * Client side, {@link #watchable} wraps an instance proxy so that it is also an
 * {@link InstanceChangeSource}: {@code watch} checks the plugin's Hello, then follows the stream on a
 * virtual thread, reconnecting with backoff while the plugin is away, and reports a reset as one
 * {@link InstanceChange.Kind#CHANGED} change without instance or tags (the controller then observes
 * every group on that plugin).
 */
public final class InstanceEventsRpc implements RpcInterface<InstanceChangeSource> {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceEventsRpc.class);

    public static final InterfaceSpec SPEC = new InterfaceSpec("InstanceEvents", "0.1.0");
    public static final String METHOD = "InstanceEvents.Next";
    public static final int MAX_WAIT_SECONDS = 60;
    /** Changes kept per object for clients that are behind. */
    public static final int BUFFERED = 4096;
    /** Most changes in one answer. */
    public static final int PAGE = 1000;
    /** How long a client's long poll waits: well under the RPC client's default timeout of 30 s. */
    public static final int CLIENT_WAIT_SECONDS = 10;

    @JsonPropertyOrder({"Type", "Cursor", "WaitSeconds"})
    public record NextParams(@JsonProperty("Type") String type, @JsonProperty("Cursor") String cursor,
                             @JsonProperty("WaitSeconds") int waitSeconds) {
    }

    @JsonPropertyOrder({"Kind", "ID", "Tags", "Detail"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(@JsonProperty("Kind") String kind, @JsonProperty("ID") String id,
                        @JsonProperty("Tags") Map<String, String> tags, @JsonProperty("Detail") String detail) {

        static Event of(InstanceChange c) {
            return new Event(c.kind().name(), c.instanceId(), c.tags(), c.detail());
        }

        InstanceChange change() {
            InstanceChange.Kind k = "LOST".equals(kind) ? InstanceChange.Kind.LOST : InstanceChange.Kind.CHANGED;
            return new InstanceChange(k, id, tags == null ? Map.of() : tags, detail);
        }
    }

    @JsonPropertyOrder({"Type", "Cursor", "Reset", "Events"})
    public record NextResult(@JsonProperty("Type") String type, @JsonProperty("Cursor") String cursor,
                             @JsonProperty("Reset") boolean reset, @JsonProperty("Events") List<Event> events) {
    }

    /** Per served object, created on its first Next: the watch on it and the changes buffered since. */
    private final Map<InstanceChangeSource, EventLog> logs = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<InstanceChangeSource> type() {
        return InstanceChangeSource.class;
    }

    @Override
    public List<RpcMethod<InstanceChangeSource, ?>> methods() {
        return List.of(RpcMethod.of(METHOD, NextParams.class, (source, p) -> {
            if (p.waitSeconds() < 0 || p.waitSeconds() > MAX_WAIT_SECONDS) {
                throw new InvalidParamsException("\"WaitSeconds\" is " + p.waitSeconds() + ": give 0 (answer at once) to "
                        + MAX_WAIT_SECONDS);
            }
            EventLog log = logs.computeIfAbsent(source, EventLog::new);
            return log.next(p.type(), p.cursor() == null ? "" : p.cursor(), Duration.ofSeconds(p.waitSeconds()));
        }, new NextParams("", "", 10), new NextResult("", "3f2a9c-17", false,
                List.of(new Event("LOST", "i-1", Map.of("infrakit.group", "workers"), "stopped")))));
    }

    @Override
    public InstanceChangeSource client(RpcClient rpc, PluginName name) {
        return new Stream(rpc, name.type());
    }

    /** An instance proxy that is also an {@link InstanceChangeSource} over {@code rpc}. */
    public static InstancePlugin watchable(InstancePlugin proxy, RpcClient rpc, String type) {
        return new WatchableInstance(proxy, new Stream(rpc, type));
    }

    /** The server side of one object: its changes with sequence numbers, for every client's cursor. */
    static final class EventLog implements Consumer<InstanceChange> {
        private record Entry(long seq, InstanceChange change) {
        }

        /** New for each served object: a plugin restarted is a new epoch, and old cursors get a Reset. */
        private final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition arrived = lock.newCondition();
        private final ArrayDeque<Entry> ring = new ArrayDeque<>();
        private long nextSeq;

        EventLog(InstanceChangeSource source) {
            try {
                source.watch(this); // for as long as the object is served
            } catch (Exception e) {
                throw new PluginException("cannot watch for instance changes: " + e.getMessage(), e);
            }
        }

        @Override
        public void accept(InstanceChange change) {
            lock.lock();
            try {
                ring.addLast(new Entry(nextSeq++, change));
                if (ring.size() > BUFFERED) {
                    ring.removeFirst();
                }
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        NextResult next(String type, String cursor, Duration wait) throws InterruptedException {
            lock.lock();
            try {
                if (cursor.isEmpty()) {
                    return new NextResult(type, cursor(nextSeq), false, List.of());
                }
                long from = parse(cursor);
                long oldest = ring.isEmpty() ? nextSeq : ring.peekFirst().seq();
                if (from < 0 || from > nextSeq || from < oldest) {
                    return new NextResult(type, cursor(nextSeq), true, List.of());
                }
                long nanos = wait.toNanos();
                while (nextSeq <= from && nanos > 0) {
                    nanos = arrived.awaitNanos(nanos);
                }
                List<Event> events = new ArrayList<>();
                long last = from;
                for (Entry e : ring) {
                    if (e.seq() >= from && events.size() < PAGE) {
                        events.add(Event.of(e.change()));
                        last = e.seq() + 1;
                    }
                }
                return new NextResult(type, cursor(last), false, events);
            } finally {
                lock.unlock();
            }
        }

        private String cursor(long seq) {
            return epoch + "-" + seq;
        }

        /** The sequence number of a cursor of this epoch, or -1 (another epoch, or not a cursor). */
        private long parse(String cursor) {
            int dash = cursor.lastIndexOf('-');
            if (dash <= 0 || !cursor.substring(0, dash).equals(epoch)) {
                return -1;
            }
            try {
                return Long.parseLong(cursor.substring(dash + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** The client side: follows one object's stream and hands each change to the listener. */
    public static final class Stream implements InstanceChangeSource {
        /** What a reset is reported as: observe every group on this plugin again. */
        static final InstanceChange RESYNC = new InstanceChange(InstanceChange.Kind.CHANGED, null, Map.of(),
                "instance event stream restarted: observing again");

        private final RpcClient rpc;
        private final String type;

        Stream(RpcClient rpc, String type) {
            this.rpc = rpc;
            this.type = type == null ? "" : type;
        }

        /**
         * @throws PluginException when the plugin answers but does not serve InstanceEvents (the caller
         *                         polls instead); a plugin that does not answer yet is followed anyway
         */
        @Override
        public AutoCloseable watch(Consumer<InstanceChange> listener) {
            JsonNode hello = null;
            try {
                hello = rpc.call("Handshake.Hello", Map.of());
            } catch (PluginException e) {
                LOG.debug("plugin {} does not answer yet; following its instance events when it does: {}", rpc.pluginName(), e.getMessage());
            }
            if (hello != null && !advertises(hello)) {
                throw new PluginException("plugin " + rpc.pluginName() + " does not stream instance changes (its Hello lists no "
                        + SPEC + " object \"" + type + "\")");
            }
            Follower follower = new Follower(listener);
            follower.thread = Thread.ofVirtual().name("infrakit-events-" + rpc.pluginName()).start(follower::run);
            return follower;
        }

        private boolean advertises(JsonNode hello) {
            JsonNode refs = hello.path("Objects").path(SPEC.toString());
            for (JsonNode ref : refs) {
                String name = ref.path("Name").asText("");
                if (name.equals(type) || (type.isEmpty() && name.equals("."))) {
                    return true;
                }
            }
            return false;
        }

        private final class Follower implements AutoCloseable {
            private final Consumer<InstanceChange> listener;
            private volatile boolean closed;
            private volatile Thread thread;

            Follower(Consumer<InstanceChange> listener) {
                this.listener = listener;
            }

            void run() {
                String cursor = "";
                long backoffMillis = 50;
                boolean away = false;
                while (!closed) {
                    try {
                        NextResult r = rpc.call(METHOD, new NextParams(type, cursor, cursor.isEmpty() ? 0 : CLIENT_WAIT_SECONDS),
                                NextResult.class);
                        if (closed) {
                            return;
                        }
                        if (away) {
                            LOG.info("plugin {}: instance event stream back", rpc.pluginName());
                            away = false;
                        }
                        boolean resync = r.reset() && !cursor.isEmpty();
                        cursor = r.cursor() == null ? "" : r.cursor();
                        if (resync) {
                            listener.accept(RESYNC);
                        }
                        if (r.events() != null) {
                            for (Event e : r.events()) {
                                listener.accept(e.change());
                            }
                        }
                        backoffMillis = 50;
                    } catch (RuntimeException e) {
                        if (closed) {
                            return;
                        }
                        if (!away) {
                            LOG.info("plugin {}: instance event stream lost ({}); reconnecting", rpc.pluginName(), e.getMessage());
                            away = true;
                        }
                        try {
                            TimeUnit.MILLISECONDS.sleep(backoffMillis);
                        } catch (InterruptedException ie) {
                            return;
                        }
                        backoffMillis = Math.min(backoffMillis * 2, 2_000);
                    }
                }
            }

            @Override
            public void close() {
                closed = true;
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }
        }
    }

    /** An instance proxy plus its event stream: what a controller gets for a plugin in another process. */
    static final class WatchableInstance implements ForwardingInstancePlugin, InstanceChangeSource {
        private final InstancePlugin proxy;
        private final Stream events;

        WatchableInstance(InstancePlugin proxy, Stream events) {
            this.proxy = proxy;
            this.events = events;
        }

        @Override
        public InstancePlugin delegate() {
            return proxy;
        }

        @Override
        public AutoCloseable watch(Consumer<InstanceChange> listener) {
            return events.watch(listener);
        }

        @Override
        public String toString() {
            return proxy.toString();
        }
    }
}
