package io.infrakit.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A tiny in-memory instance plugin for CLI tests. Properties with "bad" are invalid. */
public final class MemoryInstancePlugin implements InstancePlugin {

    private final AtomicLong next = new AtomicLong(1);
    public final Map<String, InstanceDescription> instances = new ConcurrentSkipListMap<>();
    public volatile String lastDestroyReason;

    @Override
    public void validate(JsonNode properties) {
        if (properties != null && properties.has("bad")) {
            throw new PluginException("property \"bad\" is not allowed: remove it");
        }
    }

    @Override
    public String provision(InstanceSpec spec) {
        validate(spec.properties());
        String id = "i-" + next.getAndIncrement();
        instances.put(id, new InstanceDescription(id, spec.logicalId(), spec.tags() == null ? Map.of() : new TreeMap<>(spec.tags()), spec.properties()));
        return id;
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        InstanceDescription d = instances.get(instanceId);
        if (d == null) {
            throw new PluginException("instance " + instanceId + " not found");
        }
        Map<String, String> tags = new TreeMap<>(d.tags());
        tags.putAll(labels);
        instances.put(instanceId, new InstanceDescription(d.id(), d.logicalId(), tags, d.properties()));
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        if (instances.remove(instanceId) == null) {
            throw new PluginException("instance " + instanceId + " not found");
        }
        lastDestroyReason = context.reason();
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        return instances.values().stream().filter(d -> Tags.containsAll(d.tags(), tags))
                .map(d -> properties ? d : d.withoutProperties()).toList();
    }
}
