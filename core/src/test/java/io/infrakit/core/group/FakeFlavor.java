package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A vanilla-like flavor (Init lines, Tags) whose health verdict tests choose. */
final class FakeFlavor implements FlavorPlugin {

    volatile Function<InstanceDescription, Health> health = d -> Health.HEALTHY;
    final AtomicInteger healthChecks = new AtomicInteger();
    final AtomicInteger drains = new AtomicInteger();
    final List<Index> indexes = new ArrayList<>();
    final List<InstanceSpec> prepared = new ArrayList<>();

    @Override
    public void validate(JsonNode properties, Allocation allocation) {
        if (properties != null && properties.has("Broken")) {
            throw new PluginException("Properties.Broken is not allowed; remove it");
        }
    }

    @Override
    public synchronized InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index) {
        indexes.add(index);
        prepared.add(spec);
        Map<String, String> tags = new HashMap<>(spec.tags());
        String init = spec.init();
        if (properties != null) {
            JsonNode t = properties.get("Tags");
            if (t != null) {
                for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    tags.put(k, t.get(k).asText());
                }
            }
            JsonNode i = properties.get("Init");
            if (i != null) {
                List<String> lines = new ArrayList<>();
                i.forEach(l -> lines.add(l.asText()));
                init = String.join("\n", lines);
            }
        }
        return spec.withTags(tags).withInit(init);
    }

    @Override
    public Health healthy(JsonNode properties, InstanceDescription instance) {
        healthChecks.incrementAndGet();
        return health.apply(instance);
    }

    @Override
    public void drain(JsonNode properties, InstanceDescription instance) {
        drains.incrementAndGet();
    }
}
