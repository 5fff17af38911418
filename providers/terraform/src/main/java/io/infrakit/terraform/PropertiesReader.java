package io.infrakit.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Suggestions;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and checks {@link TerraformProperties}; every refusal names the field, the value and the fix. */
final class PropertiesReader {

    /** Terraform's identifiers: a letter or underscore, then letters, digits, underscores and dashes. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /** Meta-arguments that would turn one instance into many, or move it: each instance is exactly one resource. */
    private static final Set<String> FORBIDDEN = Set.of("count", "for_each", "provider", "lifecycle");

    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    TerraformProperties read(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("terraform: Properties are missing; give at least Type, e.g. {\"Type\": \"terraform_data\"}");
        }
        if (!properties.isObject()) {
            throw new PluginException("terraform: Properties must be an object with Type and Attributes, not " + properties.getNodeType().name().toLowerCase());
        }
        TerraformProperties p;
        try {
            p = strict.treeToValue(properties, TerraformProperties.class);
        } catch (UnrecognizedPropertyException e) {
            Set<String> known = e.getKnownPropertyIds().stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
            String hint = Suggestions.closest(e.getPropertyName(), known, 2).map(s -> "did you mean " + s + "? ").orElse("");
            throw new PluginException("terraform: unknown field Properties." + e.getPropertyName() + "; " + hint + "known fields: " + String.join(", ", known));
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? m.getPath().getFirst().getFieldName() : "?";
            String want = "Attributes".equals(field) ? " (an object: the resource's body)" : "";
            throw new PluginException("terraform: Properties." + field + " has the wrong type" + want + "; see `infrakit explain terraform`");
        }
        if (p.type() == null || p.type().isBlank()) {
            throw new PluginException("terraform: Properties.Type is required: the resource type, e.g. terraform_data or aws_instance");
        }
        if (!IDENTIFIER.matcher(p.type()).matches() || !p.type().contains("_")) {
            throw new PluginException("terraform: Properties.Type '" + p.type() + "' is not a resource type (provider_kind, e.g. terraform_data, aws_instance)");
        }
        if (p.attributes() != null) {
            for (String f : FORBIDDEN) {
                if (p.attributes().has(f)) {
                    throw new PluginException("terraform: Properties.Attributes." + f + " is not allowed: each instance is exactly one resource"
                            + " (the group's Allocation says how many)");
                }
            }
        }
        if (p.tagsAttribute() != null) {
            if (!IDENTIFIER.matcher(p.tagsAttribute()).matches()) {
                throw new PluginException("terraform: Properties.TagsAttribute '" + p.tagsAttribute() + "' is not an attribute name, e.g. tags");
            }
            JsonNode given = p.attributes() == null ? null : p.attributes().get(p.tagsAttribute());
            if (given != null && !given.isObject()) {
                throw new PluginException("terraform: Properties.Attributes." + p.tagsAttribute() + " must be a map, since TagsAttribute names it");
            }
        }
        if (p.initAttribute() != null && !IDENTIFIER.matcher(p.initAttribute()).matches()) {
            throw new PluginException("terraform: Properties.InitAttribute '" + p.initAttribute() + "' is not an attribute name, e.g. user_data");
        }
        if (p.initAttribute() != null && p.initAttribute().equals(p.tagsAttribute())) {
            throw new PluginException("terraform: Properties.InitAttribute and TagsAttribute both name '" + p.initAttribute() + "'; name two attributes");
        }
        p.tags().forEach((k, v) -> {
            if (k.isBlank() || v == null) {
                throw new PluginException("terraform: Properties.Tags has an empty key or a null value ('" + k + "'); tags are text: text");
            }
        });
        return p;
    }
}
