package io.infrakit.spi.controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * InfraKit's {@code types.Object}: the spec's fields (Go embeds the Spec, so they sit at the top
 * level) plus {@code state}, the object's observed status, left out when unknown.
 */
@JsonPropertyOrder({"kind", "version", "metadata", "properties", "options", "state"})
public record ControllerObject(
        @JsonProperty("kind") String kind,
        @JsonProperty("version") String version,
        @JsonProperty("metadata") Metadata metadata,
        @JsonProperty("properties") JsonNode properties,
        @JsonProperty("options") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode options,
        @JsonProperty("state") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode state) {

    public static ControllerObject of(ControllerSpec spec, JsonNode state) {
        return new ControllerObject(spec.kind(), spec.version(), spec.metadata(), spec.properties(), spec.options(), state);
    }

    public ControllerSpec spec() {
        return new ControllerSpec(kind, version, metadata, properties, options);
    }
}
