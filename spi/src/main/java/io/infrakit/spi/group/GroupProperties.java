package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.spi.flavor.Allocation;

/**
 * The typed shape of a group's {@code Properties}, in the order InfraKit writes them back. Later
 * sections (policies of our own) are added here as optional fields, left out when absent.
 */
@JsonPropertyOrder({"Instance", "Flavor", "Allocation", "Updating", "Policy"})
public record GroupProperties(
        @JsonProperty("Instance") PluginSpec instance,
        @JsonProperty("Flavor") PluginSpec flavor,
        @JsonProperty("Allocation") Allocation allocation,
        @JsonProperty("Updating") Updating updating,
        /** Our optional policy section (rolling update pace, healing, safety); null when absent. */
        @JsonProperty("Policy") @JsonInclude(JsonInclude.Include.NON_NULL) Policy policy) {

    /** InfraKit's four sections, no policy of ours. */
    public GroupProperties(PluginSpec instance, PluginSpec flavor, Allocation allocation, Updating updating) {
        this(instance, flavor, allocation, updating, null);
    }
}
