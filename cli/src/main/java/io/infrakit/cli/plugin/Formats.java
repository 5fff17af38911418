package io.infrakit.cli.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small text helpers shared by plugin commands. */
final class Formats {
    private Formats() {
    }

    /** {@code Instance/0.6.1: compute, disk; Flavor/0.1.1: .} */
    static String objects(Map<String, List<String>> objects) {
        if (objects.isEmpty()) {
            return "(no objects)";
        }
        List<String> parts = new ArrayList<>();
        objects.forEach((iface, names) -> parts.add(iface + ": " + String.join(", ", names)));
        return String.join("; ", parts);
    }

    static String table(List<String[]> rows) {
        return io.infrakit.cli.TextTable.format(rows);
    }
}
