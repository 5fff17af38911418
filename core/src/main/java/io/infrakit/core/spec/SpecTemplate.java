package io.infrakit.core.spec;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final PebbleEngine engine;

    /** A template engine whose {@code var} function has no store behind it: every key is "not set". */
    public SpecTemplate() {
        this(key -> java.util.Optional.empty());
    }

    /** A template engine whose {@code var "PATH"} reads {@code vars} (the manager's shared key/value store). */
    public SpecTemplate(java.util.function.Function<String, java.util.Optional<String>> vars) {
        engine = new PebbleEngine.Builder()
            .loader(new StringLoader())
            .strictVariables(true)
            .autoEscaping(false)
            .newLineTrimming(false)
            .cacheActive(false)
            .extension(new LazyRange(), new VarFunction(vars))
            .extension(new SecretFunction())
            // Our comments are removed before Pebble sees the text (see stripComments): Pebble's lexer
            // matches its print delimiter "{{" before a comment delimiter that starts with it. Pebble's
            // own comment syntax is moved out of reach so that "{#" in shell text stays text.
            .syntax(new Syntax.Builder().setCommentOpenDelimiter("\u0000{#").setCommentCloseDelimiter("#}\u0000")
                    .setEnableNewLineTrimming(false).build())
            .build();
    }

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
        String prepared = protectGoPlaceholders(secretActions(source, stripComments(source, VarFunction.toPebble(text))));
        try {
            PebbleTemplate template = engine.getTemplate(prepared);
            return bounded(source, template, Map.<String, Object>copyOf(variables));
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

    /** The keys {@code text} reads with {@code var}, in order (for checking them before rendering). */
    public static java.util.List<String> varReferences(String text) {
        return VarFunction.references(text);
    }

    /** {@code {{ secret "NAME" }}}, the Go-template way of calling a function, which Pebble does not parse. */
    private static final Pattern SECRET_ACTION = Pattern.compile("\\{\\{-?\\s*secret\\s+\"([^\"]*)\"\\s*-?}}");

    /** Each {@code {{ secret "NAME" }}} becomes its reference before Pebble runs ({@code secret("NAME")} is Pebble's own). */
    private static String secretActions(String source, String text) {
        if (!text.contains("secret")) {
            return text;
        }
        Matcher m = SECRET_ACTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!Secrets.NAME.matcher(name).matches()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                throw new InvalidSpecException(source + ":" + line + ": secret name '" + name + "' is not a plain name:"
                        + " use 1 to 63 letters, digits, '.', '_' or '-' (e.g. {{ secret \"db-password\" }})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(Secrets.reference(name)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The most text a template may render: a spec file's own limit. */
    public static final int MAX_OUTPUT = SpecDocuments.MAX_BYTES;
    /** The longest a template may render. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);

    /**
     * Renders on its own virtual thread, bounded in output and time, so that a template loop fails
     * fast instead of exhausting memory or hanging the command.
     */
    private static String bounded(String source, PebbleTemplate template, Map<String, Object> variables) throws IOException {
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        LimitedWriter out = new LimitedWriter(deadline);
        FutureTask<Void> task = new FutureTask<>(() -> {
            template.evaluate(out, variables);
            return null;
        });
        Thread t = Thread.ofVirtual().name("spec-template").start(task);
        try {
            task.get(MAX_TIME.toMillis(), TimeUnit.MILLISECONDS);
            return out.toString();
        } catch (TimeoutException e) {
            out.stop = true; // the renderer stops at its next write
            t.interrupt();
            throw tooSlow(source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidSpecException(source + ": template rendering was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof Stopped) {
                    throw tooSlow(source);
                }
                if (c instanceof LimitExceeded) {
                    cause = c; // Pebble may wrap what the writer threw
                    break;
                }
            }
            if (cause instanceof LimitExceeded limit) {
                throw limit.time ? tooSlow(source) : new InvalidSpecException(source + ": template renders more than "
                        + MAX_OUTPUT + " bytes (1 MiB): look for a loop that runs too long (a range or a recursive macro)");
            }
            if (cause instanceof PebbleException pe) {
                throw pe;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InvalidSpecException ise) {
                throw ise;
            }
            throw new InvalidSpecException(source + ": template error: " + (cause instanceof StackOverflowError
                    ? "it calls itself without end (a recursive macro)" : String.valueOf(cause.getMessage())));
        }
    }

    private static InvalidSpecException tooSlow(String source) {
        return new InvalidSpecException(source + ": template takes more than " + MAX_TIME.toSeconds() + " s to render:"
                + " look for a loop that runs too long (a range or a recursive macro)");
    }

    /** Thrown inside a rendering that ran out of time (see {@link LazyRange}). */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Thrown by {@link LimitedWriter} when the output or the time is used up. */
    private static final class LimitExceeded extends RuntimeException {
        final boolean time;

        LimitExceeded(boolean time) {
            super(null, null, false, false);
            this.time = time;
        }
    }

    /** A string writer that refuses more than {@link #MAX_OUTPUT} characters or a write after the deadline. */
    private static final class LimitedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final long deadline;
        volatile boolean stop;

        LimitedWriter(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            if (stop || System.nanoTime() > deadline) {
                throw new LimitExceeded(true);
            }
            if (text.length() + len > MAX_OUTPUT) {
                throw new LimitExceeded(false);
            }
            text.append(buf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            if (stop || System.nanoTime() > deadline) {
                throw new LimitExceeded(true);
            }
            if (text.length() + len > MAX_OUTPUT) {
                throw new LimitExceeded(false);
            }
            text.append(str, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
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
