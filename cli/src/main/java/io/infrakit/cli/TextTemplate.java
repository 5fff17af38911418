package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -o template=TEXT}: TEXT once per element with each {@code {{.Field}}} or
 * {@code {{.Field.Sub}}} replaced by that value of the element's JSON ({@code -o json}'s names);
 * a missing field prints {@code <none>}. {@code \n} and {@code \t} in TEXT are a newline and a tab.
 */
final class TextTemplate {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*\\.([A-Za-z0-9_.\\-]*)\\s*}}");

    private TextTemplate() {
    }

    static String render(String text, JsonNode element) {
        Matcher m = FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = element;
            if (!m.group(1).isEmpty()) {
                for (String part : m.group(1).split("\\.")) {
                    v = v == null ? null : v.get(part);
                }
            }
            String s = v == null || v.isNull() || v.isMissingNode() ? "<none>" : v.isValueNode() ? v.asText() : v.toString();
            m.appendReplacement(out, Matcher.quoteReplacement(s));
        }
        m.appendTail(out);
        return out.toString();
    }
}
