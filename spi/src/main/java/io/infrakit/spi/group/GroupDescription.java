package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.spi.instance.InstanceDescription;

import java.util.List;

/**
 * A group's members as observed, and whether the group matches its spec. {@code Status} is our
 * optional extension (left out when null, ignored by InfraKit clients).
 */
@JsonPropertyOrder({"Instances", "Converged", "Status"})
public record GroupDescription(
        @JsonProperty("Instances") List<InstanceDescription> instances,
        @JsonProperty("Converged") boolean converged,
        @JsonProperty("Status") @JsonInclude(JsonInclude.Include.NON_NULL) GroupStatus status) {

    /** InfraKit's shape: members and Converged only. */
    public GroupDescription(List<InstanceDescription> instances, boolean converged) {
        this(instances, converged, null);
    }
}
