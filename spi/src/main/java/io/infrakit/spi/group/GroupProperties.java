package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.spi.flavor.Allocation;

/**
 * The typed shape of a group's {@code Properties}, in the order InfraKit writes them back. Later
 * sections (policies of our own) are added here as optional fields, left out when absent.
 */
@JsonPropertyOrder({"Instance", "Flavor", "Allocation", "Updating"})
public record GroupProperties(
        @JsonProperty("Instance") PluginSpec instance,
        @JsonProperty("Flavor") PluginSpec flavor,
        @JsonProperty("Allocation") Allocation allocation,
        @JsonProperty("Updating") Updating updating) {
}
