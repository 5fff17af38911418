package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The small part of kubectl's JSONPath that scripts use: {@code {.[*].ID}}, {@code .[0].Tags},
 * {@code {[*].Status.Message}}: dotted field names, {@code [*]} for every element, {@code [N]}
 * for one. Braces and the leading dot are optional. Field names are as in {@code -o json}.
 */
final class JsonPath {

    private final List<String> steps;

    private JsonPath(List<String> steps) {
        this.steps = steps;
    }

    static JsonPath parse(String expression) {
        String e = expression.strip();
        if (e.startsWith("{") && e.endsWith("}")) {
            e = e.substring(1, e.length() - 1).strip();
        }
        if (e.startsWith("$")) {
            e = e.substring(1);
        }
        List<String> steps = new ArrayList<>();
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = e.indexOf(']', i);
                if (close < 0) {
                    throw bad(expression, "a '[' is not closed");
                }
                String inside = e.substring(i + 1, close).strip();
                if (!inside.equals("*") && !inside.matches("\\d+")) {
                    throw bad(expression, "[" + inside + "] is neither [*] nor [N]");
                }
                steps.add("[" + inside + "]");
                i = close + 1;
            } else {
                int end = i;
                while (end < e.length() && e.charAt(end) != '.' && e.charAt(end) != '[') {
                    end++;
                }
                String field = e.substring(i, end);
                if (!field.matches("[A-Za-z0-9_.\\-/]+")) {
                    throw bad(expression, "'" + field + "' is not a field name");
                }
                steps.add(field);
                i = end;
            }
        }
        return new JsonPath(List.copyOf(steps));
    }

    private static BadInputException bad(String expression, String why) {
        return new BadInputException("-o jsonpath=" + expression + ": " + why
                + " (supported: dotted field names, [*] and [N], e.g. jsonpath={.[*].ID})");
    }

    /** Every value the path reaches; missing fields reach nothing. */
    List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (String step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                if (step.equals("[*]")) {
                    n.forEach(next::add);
                } else if (step.startsWith("[")) {
                    JsonNode v = n.get(Integer.parseInt(step.substring(1, step.length() - 1)));
                    if (v != null) {
                        next.add(v);
                    }
                } else if (n.isArray()) {
                    // .ID on a list means the ID of each element, as people expect from a list
                    n.forEach(el -> add(next, el.get(step)));
                } else {
                    add(next, n.get(step));
                }
            }
            current = next;
        }
        return current;
    }

    private static void add(List<JsonNode> into, JsonNode v) {
        if (v != null && !v.isMissingNode() && !v.isNull()) {
            into.add(v);
        }
    }
}
