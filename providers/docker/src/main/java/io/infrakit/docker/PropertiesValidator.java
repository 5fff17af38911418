package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.docker.EngineApiSchema.Obj;
import io.infrakit.docker.EngineApiSchema.Scalar;
import io.infrakit.docker.EngineApiSchema.Type;

import io.infrakit.spi.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the plugin's Properties against {@link EngineApiSchema}: every problem names its path
 * ({@code Config.Imagee}), what was found and what is expected, with a "did you mean" for typos.
 */
final class PropertiesValidator {

    private PropertiesValidator() {
    }

    /** All problems found, in document order; empty when the properties are usable. */
    static List<String> problems(JsonNode properties) {
        List<String> problems = new ArrayList<>();
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            problems.add("Properties are missing: the docker plugin needs at least {\"Config\": {\"Image\": \"name:tag\"}}");
            return problems;
        }
        if (!properties.isObject()) {
            problems.add("Properties must be an object like {\"Config\": {\"Image\": \"name:tag\"}}, not " + describe(properties));
            return problems;
        }
        checkObject("", properties, EngineApiSchema.PROPERTIES, problems);

        JsonNode image = properties.path("Config").path("Image");
        if (!properties.path("Config").isObject()) {
            if (properties.path("Config").isMissingNode() || properties.path("Config").isNull()) {
                problems.add("Config is missing: set Config.Image to the image to run, e.g. {\"Config\": {\"Image\": \"busybox:1.36\"}}");
            }
        } else if (image.isMissingNode() || image.isNull() || (image.isTextual() && image.asText().isBlank())) {
            problems.add("Config.Image is missing: set it to the image to run, e.g. \"busybox:1.36\"");
        }

        JsonNode attachments = properties.path("NetworkAttachments");
        if (attachments.isArray()) {
            for (int i = 0; i < attachments.size(); i++) {
                String path = "NetworkAttachments[" + i + "]";
                JsonNode a = attachments.get(i);
                if (!a.isObject()) {
                    problems.add(path + " must be an object like {\"Name\": \"my-network\"}, not " + describe(a));
                    continue;
                }
                checkObject(path + ".", a, EngineApiSchema.NETWORK_ATTACHMENT, problems);
                if (networkName(a) == null) {
                    problems.add(path + " names no network: set Name (or ID) of an existing network (docker network create NAME)");
                }
            }
        }
        return problems;
    }

    /** The network an attachment names: Name, else ID. */
    static String networkName(JsonNode attachment) {
        for (String f : List.of("Name", "ID", "Id")) {
            JsonNode v = attachment.path(f);
            if (v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }

    private static void checkObject(String prefix, JsonNode node, Obj schema, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String path = prefix + name;
            Type type = schema.fields().get(name);
            if (type == null) {
                problems.add(unknownField(prefix, name, schema.fields().keySet()));
                continue;
            }
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue; // Go decodes null as the zero value: harmless
            }
            if (type instanceof Obj sub) {
                if (!value.isObject()) {
                    problems.add(path + " must be an object, not " + describe(value));
                } else {
                    checkObject(path + ".", value, sub, problems);
                }
                continue;
            }
            String problem = checkScalar((Scalar) type, value);
            if (problem != null) {
                String hint = schema.hints().get(name);
                problems.add(path + " must be " + problem + (hint == null ? "" : " (" + hint + ")") + ", not " + describe(value));
                continue;
            }
            Set<String> allowed = schema.enumValues().get(name);
            if (allowed != null && !allowed.contains(value.asText())) {
                problems.add(path + " is \"" + value.asText() + "\"; use one of " + new TreeSet<>(allowed).stream()
                        .filter(s -> !s.isEmpty()).map(s -> "\"" + s + "\"").toList());
            }
        }
    }

    /** Null when the value fits, else what was expected. */
    private static String checkScalar(Scalar type, JsonNode value) {
        return switch (type) {
            case STRING -> value.isTextual() ? null : type.description;
            case BOOLEAN -> value.isBoolean() ? null : type.description;
            case INTEGER -> value.isIntegralNumber() ? null : type.description;
            case STRINGS -> value.isTextual() || (value.isArray() && allText(value)) ? null : type.description;
            case STRING_MAP -> value.isObject() && allText(value) ? null : type.description;
            case OBJECT -> value.isObject() ? null : type.description;
            case ARRAY -> value.isArray() ? null : type.description;
        };
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode v : container) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String unknownField(String prefix, String name, Set<String> known) {
        String where = prefix.isEmpty() ? "Properties" : prefix.substring(0, prefix.length() - 1);
        String suggestion = closest(name, known);
        StringBuilder sb = new StringBuilder(prefix).append(name).append(" is unknown");
        if (suggestion != null) {
            sb.append("; did you mean ").append(suggestion).append('?');
        } else {
            sb.append("; ").append(where).append(" accepts ").append(new TreeSet<>(known));
        }
        return sb.toString();
    }

    /** The known name nearest to {@code name}, when near enough to be a typo. */
    static String closest(String name, Set<String> known) {
        return Suggestions.closest(name, known, Math.max(1, Math.min(3, name.length() / 3))).orElse(null);
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string \"" + v.asText() + "\"";
        }
        if (v.isArray()) {
            return "the list " + abbreviate(v.toString());
        }
        if (v.isObject()) {
            return "the object " + abbreviate(v.toString());
        }
        return v.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
