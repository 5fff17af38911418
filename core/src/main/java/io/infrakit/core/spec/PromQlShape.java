package io.infrakit.core.spec;

/**
 * A lexical check of a PromQL expression, made offline at commit: brackets that pair up and
 * strings that end. Only Prometheus parses PromQL for real (the autoscaler asks it, and a
 * {@code kind: autoscale} spec is checked by it at commit); this catches the typing slips that
 * would otherwise be found only when the group is already committed.
 */
final class PromQlShape {

    private PromQlShape() {
    }

    /** Null when the shape is sound; otherwise what is wrong, with the character's position (1-based). */
    static String problem(String query) {
        StringBuilder open = new StringBuilder();
        int[] at = new int[query.length() + 1];
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = closing(query, i, c);
                if (end < 0) {
                    return "the string opened with " + c + " at character " + (i + 1) + " does not end";
                }
                i = end;
            } else if (c == '(' || c == '[' || c == '{') {
                at[open.length()] = i;
                open.append(c);
            } else if (c == ')' || c == ']' || c == '}') {
                char want = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (open.isEmpty() || open.charAt(open.length() - 1) != want) {
                    return "'" + c + "' at character " + (i + 1) + " closes nothing that is open";
                }
                open.setLength(open.length() - 1);
            } else if (c == '#') {
                break; // a comment runs to the end of the line, and a query is one line
            }
        }
        if (!open.isEmpty()) {
            int last = open.length() - 1;
            return "'" + open.charAt(last) + "' at character " + (at[last] + 1) + " is never closed";
        }
        return null;
    }

    /** Index of the quote that ends the string opened at {@code from}, or -1; backslash escapes except in raw (`) strings. */
    private static int closing(String s, int from, char quote) {
        for (int j = from + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\' && quote != '`') {
                j++;
            } else if (c == quote) {
                return j;
            }
        }
        return -1;
    }
}
