package io.infrakit.rpc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory instance plugin for tests (not the simulator: just enough to exercise the transport). */
public final class FakeInstancePlugin implements InstancePlugin {

    private final String prefix;
    private final AtomicLong next = new AtomicLong(1);
    private final Map<String, InstanceDescription> instances = new ConcurrentHashMap<>();

    public FakeInstancePlugin(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void validate(JsonNode properties) {
        if (properties != null && properties.has("bad")) {
            throw new PluginException("property \"bad\" is not allowed: remove it");
        }
    }

    @Override
    public String provision(InstanceSpec spec) {
        validate(spec.properties());
        String id = prefix + "-" + next.getAndIncrement();
        instances.put(id, new InstanceDescription(id, spec.logicalId(),
                spec.tags() == null ? Map.of() : new TreeMap<>(spec.tags()), spec.properties()));
        return id;
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        InstanceDescription d = get(instanceId);
        Map<String, String> tags = new TreeMap<>(d.tags());
        tags.putAll(labels);
        instances.put(instanceId, new InstanceDescription(d.id(), d.logicalId(), tags, d.properties()));
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        get(instanceId);
        instances.remove(instanceId);
    }

    private InstanceDescription get(String id) {
        InstanceDescription d = instances.get(id);
        if (d == null) {
            throw new PluginException("instance " + id + " not found");
        }
        return d;
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        List<InstanceDescription> found = new ArrayList<>();
        instances.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(d -> {
            if (Tags.containsAll(d.tags(), tags)) {
                found.add(properties ? d : d.withoutProperties());
            }
        });
        return found;
    }
}
