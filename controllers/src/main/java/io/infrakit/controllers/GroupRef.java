package io.infrakit.controllers;

/**
 * A group as InfraKit's controllers name it: {@code group/workers} is group {@code workers} of the
 * group plugin on socket {@code group} (the manager). A bare {@code workers} means the same.
 */
public record GroupRef(String plugin, String id) {

    public static GroupRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a group is empty: give PLUGIN/GROUP, e.g. group/workers");
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            return new GroupRef("group", t);
        }
        if (slash == 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not PLUGIN/GROUP: give e.g. group/workers");
        }
        return new GroupRef(t.substring(0, slash), t.substring(slash + 1));
    }

    /** The name to look the group plugin up by: {@code group/workers} (routes to the plugin's default object). */
    public String lookupName() {
        return plugin + "/" + id;
    }

    @Override
    public String toString() {
        return plugin + "/" + id;
    }
}
