package io.infrakit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.InstanceDescription;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One simulated instance as the simulator keeps it: what was provisioned plus when. Tags are an
 * unmodifiable map sorted by key (Go's JSON writes map keys sorted, so output matches InfraKit's).
 *
 * @param visibleAt when it starts to show in DescribeInstances ({@code created + visible-after})
 */
public record SimulatedInstance(
        String id,
        String logicalId,
        Map<String, String> tags,
        JsonNode properties,
        String init,
        List<Attachment> attachments,
        Instant created,
        Instant visibleAt) {

    /** The description DescribeInstances returns, with or without properties. */
    public InstanceDescription describe(boolean withProperties) {
        return new InstanceDescription(id, logicalId, tags, withProperties ? properties : null);
    }

    SimulatedInstance withTags(Map<String, String> newTags) {
        return new SimulatedInstance(id, logicalId, newTags, properties, init, attachments, created, visibleAt);
    }
}
