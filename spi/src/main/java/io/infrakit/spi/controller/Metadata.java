package io.infrakit.spi.controller;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * InfraKit's {@code types.Metadata}: the name of an object (for groups: the group ID) and its
 * tags. Also used as a search: a blank name matches every object.
 */
@JsonPropertyOrder({"name", "tags"})
public record Metadata(@JsonProperty("name") String name, @JsonProperty("tags") Map<String, String> tags) {

    public static Metadata named(String name) {
        return new Metadata(name, null);
    }

    /** True when this search (possibly null) selects the object named {@code id}. */
    public static boolean matches(Metadata search, String id) {
        return search == null || search.name() == null || search.name().isBlank() || search.name().equals(id);
    }
}
