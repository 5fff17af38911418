package io.infrakit.spi.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives a {@link Field} tree from the Jackson-bound records a validator reads a document into
 * (strictly, refusing unknown fields): the names are the records' {@code @JsonProperty} names
 * and the types their Java types, so the tree is exactly what the validator accepts. Words for
 * people (description, default, required) come from {@code docs}, keyed by dotted path
 * ({@code Allocation.Size}); {@link #undocumented} and {@link #unknownDocs} let a test keep the
 * two in step.
 */
public final class RecordSchema {

    /** What a path means for people. */
    public record Doc(boolean required, String defaultValue, String description) {
        public static Doc of(String description) {
            return new Doc(false, null, description);
        }

        public static Doc required(String description) {
            return new Doc(true, null, description);
        }

        public static Doc withDefault(String defaultValue, String description) {
            return new Doc(false, defaultValue, description);
        }
    }

    private RecordSchema() {
    }

    /** The tree of {@code type} (a record), named {@code name}, documented by {@code docs}. */
    public static Field of(String name, Class<?> type, Doc rootDoc, Map<String, Doc> docs) {
        return new Field(name, "object", rootDoc.required(), rootDoc.defaultValue(), rootDoc.description(),
                fields("", type, docs, new HashSet<>()));
    }

    private static List<Field> fields(String prefix, Class<?> record, Map<String, Doc> docs, Set<Class<?>> seen) {
        if (!record.isRecord() || !seen.add(record)) {
            return List.of();
        }
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            String name = jsonName(c);
            String path = prefix + name;
            Doc doc = docs.getOrDefault(path, Doc.of(""));
            Type t = c.getGenericType();
            Class<?> element = elementRecord(t);
            List<Field> children = element == null ? List.of() : fields(path + ".", element, docs, seen);
            out.add(new Field(name, typeName(t), doc.required(), doc.defaultValue(), doc.description(), children));
        }
        seen.remove(record);
        return out;
    }

    /** Paths of the tree that have no description: every field must say what it is. */
    public static List<String> undocumented(Field root) {
        List<String> out = new ArrayList<>();
        walk("", root.children(), (path, f) -> {
            if (f.description().isBlank()) {
                out.add(path);
            }
        });
        return out;
    }

    /** Keys of {@code docs} that name no field of the tree (a renamed or removed field). */
    public static List<String> unknownDocs(Field root, Map<String, Doc> docs) {
        Set<String> paths = new HashSet<>();
        walk("", root.children(), (path, f) -> paths.add(path));
        return docs.keySet().stream().filter(k -> !paths.contains(k)).sorted().toList();
    }

    private static void walk(String prefix, List<Field> fields, java.util.function.BiConsumer<String, Field> visit) {
        for (Field f : fields) {
            visit.accept(prefix + f.name(), f);
            walk(prefix + f.name() + ".", f.children(), visit);
        }
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = c.getAnnotation(JsonProperty.class);
        }
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    private static Class<?> elementRecord(Type t) {
        Class<?> raw = raw(t);
        if (raw != null && raw.isRecord()) {
            return raw;
        }
        if (t instanceof ParameterizedType p && List.class.isAssignableFrom(raw(p.getRawType()))) {
            Class<?> e = raw(p.getActualTypeArguments()[0]);
            return e != null && e.isRecord() ? e : null;
        }
        return null;
    }

    static String typeName(Type t) {
        Class<?> raw = raw(t);
        if (raw == null) {
            return "any";
        }
        if (raw == String.class) {
            return "string";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return "any";
        }
        if (t instanceof ParameterizedType p && List.class.isAssignableFrom(raw)) {
            return "list of " + typeName(p.getActualTypeArguments()[0]);
        }
        if (t instanceof ParameterizedType p && Map.class.isAssignableFrom(raw)) {
            return "map of " + typeName(p.getActualTypeArguments()[1]);
        }
        if (raw.isRecord()) {
            return "object";
        }
        return raw.getSimpleName();
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return raw(p.getRawType());
        }
        return null;
    }
}
