package io.infrakit.vanilla;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.schema.Field;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vanilla flavor's {@code Properties}, e.g.
 * <pre>{"Init": ["echo hello"], "Tags": {"role": "web"}, "Attachments": {"db-1": [{"ID": "vol-1", "Type": "disk"}]}}</pre>
 * {@code Attachments} is a map from logical ID to attachments; a plain list (the shape of
 * InfraKit's last release) is also accepted and attaches to every instance.
 * Read by hand from the JSON tree rather than by data binding, so that a wrong shape gets an
 * error naming the field and showing the right shape.
 *
 * @param attachments       by logical ID
 * @param attachmentsForAll for every instance (when Attachments was given as a list)
 */
public record VanillaProperties(List<String> init, Map<String, String> tags, Map<String, List<Attachment>> attachments,
                                List<Attachment> attachmentsForAll) {

    static final String INIT = "Init";
    static final String TAGS = "Tags";
    static final String ATTACHMENTS = "Attachments";
    /** What {@code infrakit explain vanilla} shows; {@link #FIELDS}, the fields {@link #parse} accepts, is read from it. */
    public static final Field SCHEMA = new Field("vanilla", "object", false, null,
            "The vanilla flavor's Properties (in a group's Flavor section): Init lines, tags and attachments for every member.",
            List.of(Field.leaf(INIT, "list of string", "Lines appended to each member's Init script, in order."),
                    Field.leaf(TAGS, "map of string", "Tags set on each member (with the group's own infrakit.* tags)."),
                    Field.leaf(ATTACHMENTS, "map of list of {ID, Type}", "Attachments by logical ID, e.g. {\"db-1\": [{\"ID\": \"vol-1\","
                            + " \"Type\": \"disk\"}]}; a plain list attaches to every member.")));
    private static final Set<String> FIELDS = Set.copyOf(SCHEMA.childNames());

    public static final VanillaProperties EMPTY = new VanillaProperties(List.of(), Map.of(), Map.of(), List.of());

    /** Reads and checks the properties; null or JSON null means none. */
    public static VanillaProperties parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EMPTY;
        }
        if (!node.isObject()) {
            throw bad("Properties", node, "an object such as {\"Init\": [\"echo hello\"], \"Tags\": {\"role\": \"web\"}}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equals("InitScriptTemplateURL")) {
                throw new PluginException("vanilla flavor: InitScriptTemplateURL is not supported; put the script's lines in Init");
            }
            if (!FIELDS.contains(field)) {
                String hint = FIELDS.stream().filter(f -> f.equalsIgnoreCase(field)).findFirst()
                        .map(f -> "write it as '" + f + "'")
                        .orElse("the vanilla flavor knows only Init, Tags and Attachments");
                throw new PluginException("vanilla flavor: unknown field '" + field + "' in Properties; " + hint);
            }
        }
        JsonNode attachments = node.get(ATTACHMENTS);
        if (attachments != null && attachments.isArray()) {
            return new VanillaProperties(init(node.get(INIT)), tags(node.get(TAGS)), Map.of(), attachmentList(attachments, ATTACHMENTS));
        }
        return new VanillaProperties(init(node.get(INIT)), tags(node.get(TAGS)), attachments(attachments), List.of());
    }

    private static List<String> init(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        String fix = "a list of lines, e.g. \"Init\": [\"apt-get update\", \"echo ready\"]";
        if (!node.isArray()) {
            throw bad(INIT, node, fix);
        }
        List<String> lines = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode line = node.get(i);
            if (!line.isTextual()) {
                throw bad(INIT + "[" + i + "]", line, "a string (" + fix + ")");
            }
            lines.add(line.textValue());
        }
        return List.copyOf(lines);
    }

    private static Map<String, String> tags(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw bad(TAGS, node, "an object of string values, e.g. \"Tags\": {\"role\": \"web\"}");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw bad(TAGS + "." + e.getKey(), e.getValue(), "a string; quote it, e.g. \"" + e.getKey() + "\": \""
                        + (e.getValue().isValueNode() ? e.getValue().asText() : "value") + "\"");
            }
            tags.put(e.getKey(), e.getValue().textValue());
        }
        return java.util.Collections.unmodifiableMap(tags);
    }

    private static Map<String, List<Attachment>> attachments(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        String example = "\"Attachments\": {\"db-1\": [{\"ID\": \"vol-1\", \"Type\": \"disk\"}]}";
        if (!node.isObject()) {
            throw bad(ATTACHMENTS, node, "an object from logical ID to a list of {ID, Type}, e.g. " + example
                    + " (or a list of {ID, Type} for every instance)");
        }
        Map<String, List<Attachment>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = ATTACHMENTS + "." + e.getKey();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw bad(where, list, "a list of {ID, Type}, e.g. " + example);
            }
            List<Attachment> attachments = attachmentList(list, where);
            out.put(e.getKey(), List.copyOf(attachments));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static List<Attachment> attachmentList(JsonNode list, String where) {
        List<Attachment> attachments = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String at = where + "[" + i + "]";
            if (!a.isObject()) {
                throw bad(at, a, "an object {\"ID\": \"vol-1\", \"Type\": \"disk\"}");
            }
            for (Iterator<String> f = a.fieldNames(); f.hasNext(); ) {
                String name = f.next();
                if (!name.equals("ID") && !name.equals("Type")) {
                    throw new PluginException("vanilla flavor: unknown field '" + name + "' in " + at
                            + "; an attachment has only ID and Type");
                }
            }
            attachments.add(new Attachment(text(a, "ID", at), text(a, "Type", at)));
        }
        return List.copyOf(attachments);
    }

    private static String text(JsonNode attachment, String field, String where) {
        JsonNode v = attachment.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw bad(where + "." + field, v, "a non-empty string, e.g. {\"ID\": \"vol-1\", \"Type\": \"disk\"}");
        }
        return v.textValue();
    }

    private static PluginException bad(String field, JsonNode value, String expected) {
        String shown = value == null ? "missing" : kind(value) + " " + abbreviate(value.toString());
        return new PluginException("vanilla flavor: " + field + " is " + shown + "; it must be " + expected);
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
