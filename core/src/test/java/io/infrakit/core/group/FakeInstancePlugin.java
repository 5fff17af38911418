package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory provider for controller tests: new instances show up only after {@code visibleAfter},
 * provisions can be made to fail, and every call is counted (DescribeInstances by its Properties flag).
 */
final class FakeInstancePlugin implements InstancePlugin {

    record Stored(String id, String logicalId, Map<String, String> tags, JsonNode properties, Instant created,
                  String init) {
    }

    private final Clock clock;
    private final Map<String, Stored> instances = new LinkedHashMap<>();
    private long nextId = 1000;
    volatile Duration visibleAfter = Duration.ZERO;
    /** Per-instance delay by provision ordinal (0, 1, ...), when set; wins over visibleAfter. */
    volatile java.util.function.IntFunction<Duration> visibleAfterByOrdinal;
    private final Map<String, Duration> delays = new HashMap<>();
    private int ordinal;
    volatile Predicate<InstanceSpec> failProvision = s -> false;
    final AtomicInteger provisions = new AtomicInteger();
    final AtomicInteger destroys = new AtomicInteger();
    final AtomicInteger describesWithProperties = new AtomicInteger();
    final AtomicInteger describesWithoutProperties = new AtomicInteger();
    final List<InstanceSpec> provisioned = new ArrayList<>();
    final List<String> destroyReasons = new ArrayList<>();
    /** Most instances that existed at once (visible or not). */
    int peak;

    FakeInstancePlugin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void validate(JsonNode properties) {
        if (properties != null && properties.has("bad")) {
            throw new PluginException("Properties.bad is not allowed; remove it");
        }
    }

    @Override
    public synchronized String provision(InstanceSpec spec) {
        provisions.incrementAndGet();
        if (failProvision.test(spec)) {
            throw new PluginException("quota exceeded");
        }
        String id = "i-" + (nextId++);
        var byOrdinal = visibleAfterByOrdinal;
        delays.put(id, byOrdinal != null ? byOrdinal.apply(ordinal++) : visibleAfter);
        instances.put(id, new Stored(id, spec.logicalId(), new HashMap<>(spec.tags()), spec.properties(),
                clock.instant(), spec.init()));
        provisioned.add(spec);
        peak = Math.max(peak, instances.size());
        return id;
    }

    /** Adds an instance directly, as another controller (InfraKit's) would have created it. */
    synchronized String add(Map<String, String> tags, String logicalId) {
        String id = "pre-" + (nextId++);
        instances.put(id, new Stored(id, logicalId, new HashMap<>(tags), null, Instant.MIN, ""));
        peak = Math.max(peak, instances.size());
        return id;
    }

    /** Removes an instance behind the controller's back (a crash). */
    synchronized void lose(String id) {
        instances.remove(id);
    }

    @Override
    public synchronized void label(String instanceId, Map<String, String> labels) {
        Stored s = instances.get(instanceId);
        if (s == null) {
            throw new PluginException("no instance " + instanceId);
        }
        s.tags().putAll(labels);
    }

    @Override
    public synchronized void destroy(String instanceId, DestroyContext context) {
        destroys.incrementAndGet();
        if (instances.remove(instanceId) == null) {
            throw new PluginException("no instance " + instanceId);
        }
        destroyReasons.add(context.reason());
    }

    @Override
    public synchronized List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        (properties ? describesWithProperties : describesWithoutProperties).incrementAndGet();
        Instant now = clock.instant();
        List<InstanceDescription> out = new ArrayList<>();
        for (Stored s : instances.values()) {
            if (s.created().plus(delays.getOrDefault(s.id(), Duration.ZERO)).isAfter(now)) {
                continue;
            }
            if (Tags.containsAll(s.tags(), tags)) {
                out.add(new InstanceDescription(s.id(), s.logicalId(), Map.copyOf(s.tags()),
                        properties ? s.properties() : null));
            }
        }
        return out;
    }

    /** Every instance, visible or not. */
    synchronized List<Stored> all() {
        return new ArrayList<>(instances.values());
    }

    /** Instances a DescribeInstances would show now. */
    synchronized List<Stored> visible() {
        Instant now = clock.instant();
        return instances.values().stream()
                .filter(s -> !s.created().plus(delays.getOrDefault(s.id(), Duration.ZERO)).isAfter(now)).toList();
    }

    synchronized int count() {
        return instances.size();
    }
}
