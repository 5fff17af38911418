package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** The {@code Instance} or {@code Flavor} section of a group: which plugin, with its opaque properties. */
@JsonPropertyOrder({"Plugin", "Properties"})
public record PluginSpec(@JsonProperty("Plugin") String plugin, @JsonProperty("Properties") JsonNode properties) {
}
