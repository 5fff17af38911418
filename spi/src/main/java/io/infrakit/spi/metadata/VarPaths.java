package io.infrakit.spi.metadata;

import java.util.List;
import java.util.regex.Pattern;

/** The one grammar of key paths: segments of letters, digits, '.', '_' and '-', joined by '/'. */
public final class VarPaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");

    private VarPaths() {
    }

    /** True for the root ("", "." or "/"). */
    public static boolean isRoot(String path) {
        return path == null || path.isEmpty() || path.equals(".") || path.equals("/");
    }

    /** The segments of a path (leading and trailing '/' ignored); the root has none. */
    public static List<String> segments(String path) {
        if (isRoot(path)) {
            return List.of();
        }
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> parts = List.of(p.split("/", -1));
        for (String s : parts) {
            if (!SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("key '" + path + "' is not a valid path: segment '" + s
                        + "' must be letters, digits, '.', '_' or '-' (not '.' or '..'), e.g. deployments/swarm/jointoken");
            }
        }
        return parts;
    }

    /** The canonical form of a key that names a value: segments joined by '/', at least one. */
    public static String key(String path) {
        List<String> parts = segments(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("key '" + (path == null ? "" : path)
                    + "' names the root: give a path such as deployments/swarm/jointoken");
        }
        return String.join("/", parts);
    }

    /** The immediate children of {@code parent} among {@code keys} (canonical keys), sorted and distinct. */
    public static List<String> children(String parent, java.util.Collection<String> keys) {
        List<String> base = segments(parent);
        String prefix = base.isEmpty() ? "" : String.join("/", base) + "/";
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (String k : keys) {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                String rest = k.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return List.copyOf(names);
    }
}
