package io.infrakit.core.spec;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a spec file through Pebble (https://pebbletemplates.io) before it is parsed:
 * {@code {{ name }}} prints a variable, {@code {{ name | default("x") }}} gives a fallback,
 * {@code {% if %}}/{@code {% for %}} work as in Pebble. Comments are {@code {{# ... #}}} (not
 * Pebble's {@code {# #}}, which would break shell lines like {@code ${#list[@]}} in init
 * scripts). Variables are strict: an undefined one is an error naming it and its line.
 * <p>
 * Go-template placeholders such as {@code {{.ID}}} or {@code {{ .Tags.name }}} are text for the
 * plugin that receives the properties (libvirt fills them in per instance, as InfraKit's plugins
 * did): they are left untouched. Any other literal {@code {{} goes through inside
 * {@code {% verbatim %}...{% endverbatim %}}.
 */
public final class SpecTemplate {

    private final PebbleEngine engine = new PebbleEngine.Builder()
            .loader(new StringLoader())
            .strictVariables(true)
            .autoEscaping(false)
            .newLineTrimming(false)
            .cacheActive(false)
            // Our comments are removed before Pebble sees the text (see stripComments): Pebble's lexer
            // matches its print delimiter "{{" before a comment delimiter that starts with it. Pebble's
            // own comment syntax is moved out of reach so that "{#" in shell text stays text.
            .syntax(new Syntax.Builder().setCommentOpenDelimiter("\u0000{#").setCommentCloseDelimiter("#}\u0000")
                    .setEnableNewLineTrimming(false).build())
            .build();

    /** True when the text uses template syntax at all (plain files skip the engine). */
    static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%");
    }

    /** A comment, {@code {{# ... #}}}, possibly over several lines. */
    private static final Pattern COMMENT = Pattern.compile("\\{\\{#.*?#}}", Pattern.DOTALL);
    /** A Go-template action on a field ({@code {{.ID}}}, {@code {{- .Tags.x -}}}): the plugin's text, not ours. */
    private static final Pattern GO_PLACEHOLDER = Pattern.compile("\\{\\{-?\\s*\\.[^{}]*}}");

    /** Renders {@code text} (named {@code source} in errors) with the given variables. */
    public String render(String source, String text, Map<String, ?> variables) {
        if (!isTemplate(text)) {
            return text;
        }
        String prepared = protectGoPlaceholders(stripComments(source, text));
        try {
            PebbleTemplate template = engine.getTemplate(prepared);
            StringWriter out = new StringWriter();
            template.evaluate(out, Map.copyOf(variables));
            return out.toString();
        } catch (RootAttributeNotFoundException e) {
            throw new InvalidSpecException(source + ":" + e.getLineNumber() + ": undefined variable '" + e.getAttributeName()
                    + "': pass --var " + e.getAttributeName() + "=VALUE, set the environment variable "
                    + e.getAttributeName() + ", or write {{ " + e.getAttributeName() + " | default(\"VALUE\") }}");
        } catch (PebbleException e) {
            String line = e.getLineNumber() == null ? "" : ":" + e.getLineNumber();
            throw new InvalidSpecException(source + line + ": template error: " + e.getPebbleMessage()
                    + " (template syntax: {{ variable }}, {{ variable | default(\"value\") }}, {% if ... %}...{% endif %})");
        } catch (IOException e) {
            throw new InvalidSpecException(source + ": cannot render template: " + e.getMessage());
        }
    }

    /** Removes comments, keeping their line breaks so that error line numbers stay right. */
    static String stripComments(String source, String text) {
        Matcher m = COMMENT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String newlines = m.group().replaceAll("[^\\n]", "");
            m.appendReplacement(out, Matcher.quoteReplacement(newlines));
        }
        m.appendTail(out);
        String rest = out.toString();
        int open = rest.indexOf("{{#");
        if (open >= 0) {
            int line = (int) rest.substring(0, open).chars().filter(c -> c == '\n').count() + 1;
            throw new InvalidSpecException(source + ":" + line + ": template comment '{{#' is not closed: end it with '#}}'");
        }
        return rest;
    }

    /** Wraps each Go-template placeholder in a verbatim block, so Pebble passes it through as written. */
    static String protectGoPlaceholders(String text) {
        return GO_PLACEHOLDER.matcher(text).replaceAll(m ->
                Matcher.quoteReplacement("{% verbatim %}" + m.group() + "{% endverbatim %}"));
    }
}
