package io.infrakit.spi.controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * InfraKit's {@code types.Spec} as its CLI sends it to a manager:
 * {@code {"kind":"group","version":"","metadata":{"name":"workers","tags":null},"properties":{...}}}.
 * For groups, {@code properties} holds the group properties (Instance, Flavor, Allocation, ...).
 */
@JsonPropertyOrder({"kind", "version", "metadata", "properties", "options"})
public record ControllerSpec(
        @JsonProperty("kind") String kind,
        @JsonProperty("version") String version,
        @JsonProperty("metadata") Metadata metadata,
        @JsonProperty("properties") JsonNode properties,
        @JsonProperty("options") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode options) {

    /** The object's name ({@code metadata.name}), or null. */
    public String name() {
        return metadata == null ? null : metadata.name();
    }
}
