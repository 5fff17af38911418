package io.infrakit.core.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.infrakit.spi.Suggestions;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what Jackson reports into the project's wording: the field, the value found, what was
 * expected and how to write it. No Jackson text ("Cannot map `null` into type `int`", advice
 * about DeserializationFeature) reaches a user.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** The dotted path of a mapping error ({@code Allocation.LogicalIDs[1]}). */
    public static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /**
     * "field P: value V is not T; write ..." for a value of the wrong type, read from {@code tree}
     * (the object that was being mapped) at the error's path; {@code base} prefixes the path.
     */
    public static String wrongType(String base, JsonProcessingException e, JsonNode tree) {
        if (!(e instanceof JsonMappingException m)) {
            return base + ": cannot be read (" + firstLine(e.getOriginalMessage()) + ")";
        }
        String path = path(m);
        String field = path.isEmpty() ? base : base + "." + path;
        JsonNode value = tree == null ? null : tree.at(pointer(m));
        Class<?> target = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        String shown = value == null || value.isMissingNode() ? "(missing)" : value.toString();
        if (value != null && value.isIntegralNumber() && !value.canConvertToInt()) {
            return "field " + field + ": value " + shown + " is too large: a whole number up to " + Integer.MAX_VALUE
                    + " is expected here; write e.g. 3";
        }
        return "field " + field + ": value " + shown + " is not " + expected(target);
    }

    private static JsonPointer pointer(JsonMappingException e) {
        JsonPointer p = JsonPointer.empty();
        for (JsonMappingException.Reference r : e.getPath()) {
            p = r.getFieldName() != null ? p.appendProperty(r.getFieldName()) : p.appendIndex(r.getIndex());
        }
        return p;
    }

    /** What a value of {@code type} looks like, with an example. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of the expected type; check the documentation of this field";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number; write e.g. 3";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string; write e.g. \"30s\" or \"name\"";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list; write e.g. [a, b]";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a map of strings; write e.g. {role: web}";
        }
        if (type.isRecord()) {
            return "a mapping; write e.g. {Plugin: NAME, Properties: {...}} for Instance or Flavor, {Size: 3} for Allocation";
        }
        return "a " + type.getSimpleName();
    }

    /** The closest known name (same letters ignoring case, or at most two edits away). */
    public static String suggest(String name, Collection<String> known) {
        return Suggestions.closest(name, known, 2).orElse(null);
    }

    /** A node as a person would name it: the text 'x', a list, the number 3, an object. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isTextual()) {
            return "the text '" + node.asText() + "'";
        }
        return node.isArray() ? "a list" : node.isNumber() ? "the number " + node : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    static String fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static final java.util.regex.Pattern YAML_EVENT =
            java.util.regex.Pattern.compile("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event\\([^>]*\\)>");

    /**
     * A parser's syntax message in people's words: its first line, without the Java objects
     * SnakeYAML prints ({@code <org.yaml.snakeyaml.events.MappingStartEvent(...)>} becomes
     * "the start of a mapping") nor Jackson's character codes.
     */
    static String syntax(String message) {
        String line = firstLine(message).replaceAll(" \\(code \\d+\\)", "");
        java.util.regex.Matcher m = YAML_EVENT.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String words = switch (m.group(1)) {
                case "MappingStart" -> "the start of a mapping ('{' or a nested key: value; quote text that starts with '{')";
                case "MappingEnd" -> "the end of a mapping";
                case "SequenceStart" -> "the start of a list ('[' or '- '; quote text that starts with '[')";
                case "SequenceEnd" -> "the end of a list";
                case "Scalar" -> "a value";
                case "Alias" -> "an alias ('*'; quote text that starts with '*')";
                default -> "'" + m.group(1) + "'";
            };
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(words));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
