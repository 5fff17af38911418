package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code -o FORMAT} and {@code --no-headers}, one option and one renderer for every command that
 * prints data. Each command says which formats it takes; a format it does not take is refused
 * naming those it does. Structured formats print the same JSON tree the command builds.
 */
public final class OutputFormat {

    /** What {@code -o} can ask for. */
    public enum Kind {
        TABLE, WIDE, JSON, YAML, NAME, IDS, JSONPATH, TEMPLATE;

        String word() {
            return switch (this) {
                case JSONPATH -> "jsonpath=EXPR";
                case TEMPLATE -> "template=TEXT";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "table (default), wide, json, yaml, name, ids, jsonpath=EXPR or template=TEXT,"
                    + " as far as the command has them (docs/cli.md, \"Output formats\").")
    String output;

    @Option(names = "--no-headers", description = "Tables without their header line (for scripts).")
    boolean noHeaders;

    /** The format asked for, or {@code dflt}; refused (exit 2) when not among {@code allowed}. */
    public Kind kind(Kind dflt, Set<Kind> allowed) {
        if (output == null || output.isBlank()) {
            return dflt;
        }
        String o = output.strip();
        Kind k;
        if (o.startsWith("jsonpath=")) {
            k = Kind.JSONPATH;
        } else if (o.startsWith("template=") || o.startsWith("go-template=")) {
            k = Kind.TEMPLATE;
        } else {
            k = null;
            for (Kind c : Kind.values()) {
                if (c != Kind.JSONPATH && c != Kind.TEMPLATE && c.word().equals(o.toLowerCase(Locale.ROOT))) {
                    k = c;
                }
            }
        }
        if (k == null || !allowed.contains(k)) {
            List<String> words = allowed.stream().map(Kind::word).toList();
            throw new BadInputException("-o " + o + " is not a format here: use " + String.join(", ", words)
                    + Suggest.didYouMean(o, allowed.stream().map(Kind::word).collect(Collectors.toSet())));
        }
        if (k == Kind.JSONPATH) {
            JsonPath.parse(expression()); // refuse a bad expression before any call
        }
        return k;
    }

    /** Shorthand: the given formats plus the structured ones every list has. */
    public static Set<Kind> lists(Kind... more) {
        Set<Kind> s = EnumSet.of(Kind.TABLE, Kind.JSON, Kind.YAML, Kind.NAME, Kind.JSONPATH, Kind.TEMPLATE);
        s.addAll(List.of(more));
        return s;
    }

    /** The text after {@code jsonpath=} or {@code template=}. */
    String expression() {
        return output.substring(output.indexOf('=') + 1);
    }

    public boolean headers() {
        return !noHeaders;
    }

    /**
     * Prints {@code data} (the command's JSON tree: an array for lists) in a structured format.
     * Returns false for TABLE and WIDE, which the command prints itself with {@link #table}.
     *
     * @param name what {@code -o name} and {@code -o ids} print for one element
     */
    public boolean printStructured(Kind kind, JsonNode data, Function<JsonNode, String> name, PrintWriter out) {
        switch (kind) {
            case JSON -> out.println(Output.json(data));
            case YAML -> out.print(Output.yamlQuoted(data));
            case NAME, IDS -> elements(data).forEach(e -> out.println(name.apply(e)));
            case JSONPATH -> JsonPath.parse(expression()).select(data).forEach(v -> out.println(v.isValueNode() ? v.asText() : compact(v)));
            case TEMPLATE -> {
                String text = expression().replace("\\n", "\n").replace("\\t", "\t");
                elements(data).forEach(e -> {
                    out.print(TextTemplate.render(text, e));
                    if (!text.endsWith("\n")) {
                        out.println();
                    }
                });
            }
            default -> {
                return false;
            }
        }
        out.flush();
        return true;
    }

    /** A table with or without its header line, as --no-headers says. */
    public Table table(String... header) {
        return new Table(headers(), header);
    }

    /** Rows as text columns (the first row is the header, dropped with --no-headers). */
    public String text(List<String[]> rows) {
        return TextTable.format(headers() || rows.isEmpty() ? rows : rows.subList(1, rows.size()));
    }

    private static List<JsonNode> elements(JsonNode data) {
        List<JsonNode> all = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(all::add);
        } else {
            all.add(data);
        }
        return all;
    }

    private static String compact(JsonNode v) {
        try {
            return new ObjectMapper().writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return v.toString();
        }
    }
}
