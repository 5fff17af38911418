package io.infrakit.terraform;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The {@code Properties} of a group's Instance section for plugin {@code terraform}: one resource
 * per instance, of type {@code Type} with the body {@code Attributes}. Bound strictly by
 * {@link PropertiesReader}: an unknown field is refused.
 *
 * @param tagsAttribute the resource's attribute that takes a map of tags (e.g. {@code tags}), where
 *                      the instance's tags are also written; without it they live only in our metadata
 * @param initAttribute the resource's attribute that takes the instance's Init script (e.g. {@code user_data})
 */
public record TerraformProperties(
        @JsonProperty("Type") String type,
        @JsonProperty("Attributes") ObjectNode attributes,
        @JsonProperty("TagsAttribute") String tagsAttribute,
        @JsonProperty("InitAttribute") String initAttribute,
        @JsonProperty("Tags") Map<String, String> tags) {

    public TerraformProperties {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
