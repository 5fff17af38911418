package io.infrakit.spi.flavor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * How many instances a group has: {@code Size} for cattle, or {@code LogicalIDs} for pets (one
 * instance per stable identity). Exactly one of them is used. A pets spec leaves {@code Size} out:
 * it reads as 0, which is also what InfraKit writes beside {@code LogicalIDs} on the wire
 * ({@code {"Size": 0, "LogicalIDs": [...]}}), so 0 means "not set" when logical IDs are given. The
 * one spec validator ({@code core/spec}) refuses neither and both, naming the fields.
 */
@JsonPropertyOrder({"Size", "LogicalIDs"})
public record Allocation(@JsonProperty("Size") int size, @JsonProperty("LogicalIDs") List<String> logicalIds) {

    public static Allocation ofSize(int size) {
        return new Allocation(size, null);
    }

    public static Allocation ofLogicalIds(List<String> ids) {
        return new Allocation(0, List.copyOf(ids));
    }

    /** True for a quorum (pets) group. Not a wire field (Jackson would write it as "quorum"). */
    @JsonIgnore
    public boolean isQuorum() {
        return logicalIds != null && !logicalIds.isEmpty();
    }

    /** The number of instances wanted. */
    public int desired() {
        return isQuorum() ? logicalIds.size() : size;
    }
}
