package io.infrakit.spi.schema;

import java.util.List;
import java.util.Optional;

/**
 * One field of a spec or of a plugin's {@code Properties}, as {@code infrakit explain} shows it:
 * its JSON name, its type in words ({@code integer}, {@code list of string}, {@code object}),
 * whether it must be given, its default, what it means, and the fields inside it.
 * <p>
 * A schema is never written twice: it is derived from what the validator uses (the Jackson
 * records a spec is bound to, see {@link RecordSchema}, or a plugin's own schema object), so
 * that explain and the checks cannot disagree.
 *
 * @param defaultValue  the value taken when absent, in words, or null
 * @param children      the fields of an object (or of each element of a list of objects); empty for plain values
 */
public record Field(String name, String type, boolean required, String defaultValue, String description, List<Field> children) {

    public Field {
        children = children == null ? List.of() : List.copyOf(children);
        description = description == null ? "" : description;
    }

    /** A field with no children. */
    public static Field leaf(String name, String type, String description) {
        return new Field(name, type, false, null, description, List.of());
    }

    public Optional<Field> child(String name) {
        return children.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The children's names, in order. */
    public List<String> childNames() {
        return children.stream().map(Field::name).toList();
    }

    public Field withDescription(String text) {
        return new Field(name, type, required, defaultValue, text, children);
    }

    public Field named(String newName) {
        return new Field(newName, type, required, defaultValue, description, children);
    }
}
