package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** A group as committed: its ID and its properties (see {@link GroupProperties} for their shape). */
@JsonPropertyOrder({"ID", "Properties"})
public record GroupSpec(@JsonProperty("ID") String id, @JsonProperty("Properties") JsonNode properties) {
}
