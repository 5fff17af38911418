package io.infrakit.rpc;

/**
 * An InfraKit plugin name {@code lookup[/type]}: {@code simulator/compute} is object {@code compute}
 * served on socket {@code simulator}; {@code vanilla} is the default object ({@code ""}) of socket
 * {@code vanilla}.
 */
public record PluginName(String lookup, String type) {

    public PluginName {
        if (lookup == null || lookup.isBlank()) {
            throw new IllegalArgumentException("plugin name must not be blank: give lookup[/type], e.g. simulator/compute");
        }
        if (lookup.contains("/") || lookup.equals(".") || lookup.equals("..")) {
            throw new IllegalArgumentException("plugin lookup '" + lookup + "' is not a socket name: use lookup[/type], e.g. simulator/compute");
        }
        type = type == null ? "" : type;
    }

    /** Parses {@code lookup[/type]}. */
    public static PluginName parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("plugin name must not be blank: give lookup[/type], e.g. simulator/compute");
        }
        int slash = name.indexOf('/');
        return slash < 0 ? new PluginName(name, "") : new PluginName(name.substring(0, slash), name.substring(slash + 1));
    }

    @Override
    public String toString() {
        return type.isEmpty() ? lookup : lookup + "/" + type;
    }
}
