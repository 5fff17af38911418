package io.infrakit.cli.instance;

import io.infrakit.cli.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code key=value} arguments. */
final class KeyValues {
    private KeyValues() {
    }

    static Map<String, String> parse(List<String> args, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(what + " '" + arg + "' is not of the form key=value (e.g. role=web)");
            }
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return map;
    }
}
