package io.infrakit.cli.view;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field-level difference between two JSON documents (a stored group spec and the one about to be
 * committed), as terraform shows it: {@code ~ Instance.Properties.release: "v1" -> "v2"},
 * {@code + path: value}, {@code - path: value}. Pure: no I/O, the caller prints.
 * <p>
 * A JSON {@code null} counts as absent, because a spec read back from the store carries nulls
 * for the optional fields the user never wrote (e.g. {@code Allocation.LogicalIDs}). Numbers are
 * compared by value ({@code 5} equals {@code 5.0}). Arrays of plain values are compared whole
 * (one line), arrays holding objects element by element.
 */
public final class SpecDiff {

    public enum Kind {
        ADDED("+"), REMOVED("-"), CHANGED("~");

        private final String sign;

        Kind(String sign) {
            this.sign = sign;
        }

        public String sign() {
            return sign;
        }
    }

    /** One changed path; {@code before} is null when added, {@code after} null when removed. */
    public record Change(Kind kind, String path, JsonNode before, JsonNode after) {

        /** {@code ~ Allocation.Size: 5 -> 8}, without colour. */
        public String line() {
            return switch (kind) {
                case ADDED -> "+ " + path + ": " + show(after);
                case REMOVED -> "- " + path + ": " + show(before);
                case CHANGED -> "~ " + path + ": " + show(before) + " -> " + show(after);
            };
        }
    }

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final List<Change> changes;

    private SpecDiff(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    /** What changes from {@code before} to {@code after}; either may be null (nothing). */
    public static SpecDiff between(JsonNode before, JsonNode after) {
        List<Change> out = new ArrayList<>();
        walk("", before, after, out);
        return new SpecDiff(out);
    }

    public List<Change> changes() {
        return changes;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changed paths, in document order. */
    public List<String> paths() {
        return changes.stream().map(Change::path).toList();
    }

    /** One line per change, {@code indent} before each, coloured as terraform does (green +, red -, yellow ~). */
    public List<String> lines(String indent, Colour colour) {
        List<String> out = new ArrayList<>();
        for (Change c : changes) {
            String l = c.line();
            out.add(indent + switch (c.kind()) {
                case ADDED -> colour.green(l);
                case REMOVED -> colour.red(l);
                case CHANGED -> colour.yellow(l);
            });
        }
        return out;
    }

    /**
     * One short line for a list of versions: {@code Allocation.Size 5 -> 8} for one change,
     * {@code 3 fields changed: Allocation.Size, Instance.Properties.release, ...} for more.
     */
    public String summary() {
        if (changes.isEmpty()) {
            return "no change";
        }
        if (changes.size() == 1) {
            Change c = changes.get(0);
            return switch (c.kind()) {
                case ADDED -> "added " + c.path() + " = " + shorten(show(c.after()));
                case REMOVED -> "removed " + c.path();
                case CHANGED -> c.path() + " " + shorten(show(c.before())) + " -> " + shorten(show(c.after()));
            };
        }
        List<String> names = paths();
        String listed = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return names.size() + " fields changed: " + listed + (names.size() > 3 ? ", ..." : "");
    }

    // ---- walking -------------------------------------------------------------------------------

    private static void walk(String path, JsonNode before, JsonNode after, List<Change> out) {
        boolean had = present(before);
        boolean has = present(after);
        if (!had && !has) {
            return;
        }
        if (!had) {
            leaves(Kind.ADDED, path, after, out);
            return;
        }
        if (!has) {
            leaves(Kind.REMOVED, path, before, out);
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(child(path, k), before.get(k), after.get(k), out);
            }
            return;
        }
        if (before.isArray() && after.isArray() && (holdsContainers(before) || holdsContainers(after))) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                walk(path + "[" + i + "]", before.get(i), after.get(i), out);
            }
            return;
        }
        if (!same(before, after)) {
            out.add(new Change(Kind.CHANGED, path, before, after));
        }
    }

    /** An added or removed object is listed leaf by leaf, so every new field is named. */
    private static void leaves(Kind kind, String path, JsonNode node, List<Change> out) {
        if (node.isObject() && !node.isEmpty()) {
            Iterator<String> keys = node.fieldNames();
            while (keys.hasNext()) {
                String k = keys.next();
                if (present(node.get(k))) {
                    leaves(kind, child(path, k), node.get(k), out);
                }
            }
            return;
        }
        out.add(kind == Kind.ADDED ? new Change(kind, path, null, node) : new Change(kind, path, node, null));
    }

    private static boolean holdsContainers(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String child(String path, String key) {
        String step = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) {
            return step;
        }
        return step.startsWith("[") ? path + step : path + "." + step;
    }

    static String show(JsonNode n) {
        return n == null ? "null" : n.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
