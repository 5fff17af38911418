package io.infrakit.core.manager;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Renders a spec file through Pebble (https://pebbletemplates.io) before it is parsed:
 * {@code {{ name }}} prints a variable, {@code {{ name | default("x") }}} gives a fallback,
 * {@code {% if %}}/{@code {% for %}} work as in Pebble. Comments are {@code {{# ... #}}} (not
 * Pebble's {@code {# #}}, which would break shell lines like {@code ${#list[@]}} in init
 * scripts). Variables are strict: an undefined one is an error naming it and its line.
 */
public final class SpecTemplate {

    private final PebbleEngine engine = new PebbleEngine.Builder()
            .loader(new StringLoader())
            .strictVariables(true)
            .autoEscaping(false)
            .newLineTrimming(false)
            .cacheActive(false)
            .syntax(new Syntax.Builder().setCommentOpenDelimiter("{{#").setCommentCloseDelimiter("#}}")
                    .setEnableNewLineTrimming(false).build())
            .build();

    /** True when the text uses template syntax at all (plain files skip the engine). */
    static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%");
    }

    /** Renders {@code text} (named {@code source} in errors) with the given variables. */
    public String render(String source, String text, Map<String, ?> variables) {
        if (!isTemplate(text)) {
            return text;
        }
        try {
            PebbleTemplate template = engine.getTemplate(text);
            StringWriter out = new StringWriter();
            template.evaluate(out, Map.copyOf(variables));
            return out.toString();
        } catch (RootAttributeNotFoundException e) {
            throw new SpecFileException(source + ":" + e.getLineNumber() + ": undefined variable '" + e.getAttributeName()
                    + "': pass --var " + e.getAttributeName() + "=VALUE, set the environment variable "
                    + e.getAttributeName() + ", or write {{ " + e.getAttributeName() + " | default(\"VALUE\") }}");
        } catch (PebbleException e) {
            String line = e.getLineNumber() == null ? "" : ":" + e.getLineNumber();
            throw new SpecFileException(source + line + ": template error: " + e.getPebbleMessage()
                    + " (template syntax: {{ variable }}, {{ variable | default(\"value\") }}, {% if ... %}...{% endif %})");
        } catch (IOException e) {
            throw new SpecFileException(source + ": cannot render template: " + e.getMessage());
        }
    }
}
