package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.spi.instance.InstanceDescription;

import java.util.List;

/** A group's members as observed, and whether the group matches its spec. */
@JsonPropertyOrder({"Instances", "Converged"})
public record GroupDescription(
        @JsonProperty("Instances") List<InstanceDescription> instances,
        @JsonProperty("Converged") boolean converged) {
}
