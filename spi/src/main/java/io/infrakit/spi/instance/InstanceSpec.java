package io.infrakit.spi.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to provision: the instance plugin's opaque {@code Properties}, tags, an init script, the
 * logical ID of a pet (null for cattle) and attachments. JSON names and nulls are InfraKit's.
 */
@JsonPropertyOrder({"Properties", "Tags", "Init", "LogicalID", "Attachments"})
public record InstanceSpec(
        @JsonProperty("Properties") JsonNode properties,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("Init") String init,
        @JsonProperty("LogicalID") String logicalId,
        @JsonProperty("Attachments") List<Attachment> attachments) {

    public InstanceSpec {
        if (init == null) {
            init = ""; // Go's string zero value: InfraKit always sends "Init":""
        }
    }

    public InstanceSpec withProperties(JsonNode newProperties) {
        return new InstanceSpec(newProperties, tags, init, logicalId, attachments);
    }

    public InstanceSpec withTags(Map<String, String> newTags) {
        return new InstanceSpec(properties, newTags, init, logicalId, attachments);
    }

    /** A copy with {@code extra} merged over the existing tags. */
    public InstanceSpec withMoreTags(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>();
        if (tags != null) {
            merged.putAll(tags);
        }
        merged.putAll(extra);
        return withTags(merged);
    }

    public InstanceSpec withInit(String newInit) {
        return new InstanceSpec(properties, tags, newInit, logicalId, attachments);
    }

    public InstanceSpec withLogicalId(String newLogicalId) {
        return new InstanceSpec(properties, tags, init, newLogicalId, attachments);
    }

    public InstanceSpec withAttachments(List<Attachment> newAttachments) {
        return new InstanceSpec(properties, tags, init, logicalId, newAttachments);
    }
}
