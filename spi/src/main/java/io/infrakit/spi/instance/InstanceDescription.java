package io.infrakit.spi.instance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * An instance as its plugin reports it. {@code Properties} is left out of the JSON when null
 * (InfraKit's {@code omitempty}): a DescribeInstances with {@code Properties:false} may omit it.
 */
@JsonPropertyOrder({"ID", "LogicalID", "Tags", "Properties"})
public record InstanceDescription(
        @JsonProperty("ID") String id,
        @JsonProperty("LogicalID") String logicalId,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("Properties") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode properties) {

    /** The tag value, or null. */
    public String tag(String name) {
        return tags == null ? null : tags.get(name);
    }

    /** The same description without properties (what a cheap poll returns). */
    public InstanceDescription withoutProperties() {
        return properties == null ? this : new InstanceDescription(id, logicalId, tags, null);
    }
}
