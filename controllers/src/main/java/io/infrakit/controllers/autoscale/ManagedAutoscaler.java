package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.controllers.GroupEvents;
import io.infrakit.controllers.SyncLoop;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.plugin.PluginLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One committed autoscaler: every {@code Interval} it queries Prometheus, decides with
 * {@link TargetTracking}, and calls the group's SetSize (scale only, never a rolling update).
 * Each change, and each new reason to hold, is an {@code AUTOSCALED} event on the group
 * controller's bus (when it runs in this JVM) and a log line.
 */
final class ManagedAutoscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedAutoscaler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT = 50;

    private final AutoscaleSpec spec;
    private final PluginLookup plugins;
    private final PrometheusClient prometheus;
    private final Clock clock;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private Instant lastOut;
    private Instant lastChange;
    private String lastHoldReason;
    private volatile Decision last;
    private final SyncLoop loop;

    ManagedAutoscaler(AutoscaleSpec spec, PluginLookup plugins, Clock clock) {
        this.spec = spec;
        this.plugins = plugins;
        this.prometheus = new PrometheusClient(spec.prometheus());
        this.clock = clock;
        this.loop = new SyncLoop("autoscale-" + spec.name(), spec.interval(), this::tick);
    }

    void tick() {
        GroupPlugin group = plugins.group(spec.group().lookupName());
        int current = group.size(spec.group().id());
        PrometheusClient.Result r = prometheus.query(spec.query());
        Instant now = clock.instant();
        Decision d = TargetTracking.decide(spec, current, r.value(), lastOut, lastChange, now);
        if (r.value() == null && r.error() != null && !d.changes()) {
            d = new Decision(d.from(), d.to(), null, d.reason() + " (" + r.error() + ")");
        }
        last = d;
        if (d.changes()) {
            group.setSize(spec.group().id(), d.to());
            lastChange = now;
            if (d.to() > d.from()) {
                lastOut = now;
            }
            lastHoldReason = null;
            record(d);
        } else {
            // A hold is worth an event only when its kind of reason changes (not every tick).
            String kind = d.reason().replaceAll("[0-9.:TZ-]+", "#");
            if (!kind.equals(lastHoldReason)) {
                lastHoldReason = kind;
                record(d);
            }
        }
    }

    private void record(Decision d) {
        String text = d.describe();
        LOG.info("autoscale={} group={} {}", spec.name(), spec.group().id(), text);
        synchronized (recent) {
            recent.addLast(clock.instant() + " " + text);
            while (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
        EventBus bus = GroupEvents.bus(plugins, spec.groupController());
        if (bus != null) {
            bus.publish(EventType.AUTOSCALED, spec.group().id(), null, text);
        }
    }

    List<String> decisions() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    JsonNode state() {
        ObjectNode s = JSON.createObjectNode();
        Decision d = last;
        if (d != null) {
            s.put("Size", d.to());
            if (d.value() != null) {
                s.put("Measured", d.value());
            }
            s.put("Reason", d.reason());
        }
        var arr = s.putArray("Decisions");
        decisions().forEach(arr::add);
        return s;
    }

    @Override
    public void close() {
        loop.close();
    }
}
