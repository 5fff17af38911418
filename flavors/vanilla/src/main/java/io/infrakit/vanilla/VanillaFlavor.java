package io.infrakit.vanilla;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.Tags;
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
 * an instance healthy unless its provider reports that its Init script failed (tag
 * {@code infrakit.init.status}), and drains nothing. Stateless, so one instance serves every group.
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
        // A provider that runs Init itself says how it went: a failed Init is a broken instance (the
        // controller replaces it, and its brake stops a replace loop); one still running is not ready yet.
        String init = instance.tag(Tags.INIT_STATUS);
        if (Tags.INIT_FAILED.equals(init)) {
            return Health.UNHEALTHY;
        }
        if (Tags.INIT_RUNNING.equals(init)) {
            return Health.UNKNOWN;
        }
        return Health.HEALTHY;
    }

    @Override
    public void drain(JsonNode properties, InstanceDescription instance) {
        // Nothing runs on a vanilla instance that needs draining.
    }
}
