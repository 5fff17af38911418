package io.infrakit.vanilla;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default flavor: adds init lines, tags and per-logical-ID attachments to the spec, judges
 * every instance healthy, and drains nothing. Stateless, so one instance serves every group.
 */
public final class VanillaFlavor implements FlavorPlugin {

    @Override
    public void validate(JsonNode properties, Allocation allocation) {
        VanillaProperties.parse(properties);
    }

    @Override
    public InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index) {
        VanillaProperties p = VanillaProperties.parse(properties);

        // Init: the spec's own script first, then our lines, one per line (InfraKit's order).
        List<String> lines = new ArrayList<>();
        if (spec.init() != null && !spec.init().isEmpty()) {
            lines.add(spec.init());
        }
        lines.addAll(p.init());
        InstanceSpec out = spec.withInit(String.join("\n", lines));

        if (!p.tags().isEmpty()) {
            // Sorted like Go's JSON writes maps, so the spec reads like InfraKit's.
            Map<String, String> tags = new TreeMap<>();
            if (spec.tags() != null) {
                tags.putAll(spec.tags());
            }
            tags.putAll(p.tags());
            out = out.withTags(tags);
        }

        List<Attachment> extra = new ArrayList<>(p.attachmentsForAll());
        if (spec.logicalId() != null) {
            extra.addAll(p.attachments().getOrDefault(spec.logicalId(), List.of()));
        }
        if (!extra.isEmpty()) {
            List<Attachment> all = new ArrayList<>();
            if (spec.attachments() != null) {
                all.addAll(spec.attachments());
            }
            all.addAll(extra);
            out = out.withAttachments(List.copyOf(all));
        }
        return out;
    }

    @Override
    public Health healthy(JsonNode properties, InstanceDescription instance) {
        return Health.HEALTHY;
    }

    @Override
    public void drain(JsonNode properties, InstanceDescription instance) {
        // Nothing runs on a vanilla instance that needs draining.
    }
}
