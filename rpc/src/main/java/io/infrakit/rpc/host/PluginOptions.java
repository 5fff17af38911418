package io.infrakit.rpc.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code --opt kind.key=value} arguments into options per kind. */
public final class PluginOptions {

    private PluginOptions() {
    }

    /**
     * @return kind -> (key -> value), in the order given
     * @throws IllegalArgumentException naming the bad argument and the expected form
     */
    public static Map<String, Map<String, String>> parse(List<String> args) {
        Map<String, Map<String, String>> byKind = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            int dot = arg.indexOf('.');
            if (eq < 0 || dot <= 0 || dot > eq || dot == eq - 1) {
                throw new IllegalArgumentException("option '" + arg + "' is not of the form kind.key=value (e.g. simulator.visible-after=30s)");
            }
            byKind.computeIfAbsent(arg.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(arg.substring(dot + 1, eq), arg.substring(eq + 1));
        }
        return byKind;
    }
}
