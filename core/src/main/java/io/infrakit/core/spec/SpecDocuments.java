package io.infrakit.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where spec text comes from and how it becomes JSON trees: a file, {@code -} for standard input,
 * or a folder (its {@code *.yml}, {@code *.yaml} and {@code *.json} files in name order); JSON
 * (an object or an array of them) or YAML (several documents separated by {@code ---}). Used for
 * group specs and instance specs alike, so both read files the same way.
 */
public final class SpecDocuments {

    /** The name that means standard input. */
    public static final String STDIN = "-";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecDocuments() {
    }

    /** One source of text: its name in messages and its content. */
    public record Source(String name, String text) {
    }

    /**
     * Reads each named source: {@code -} is {@code stdin}, a folder stands for its spec files in name
     * order. Problems (missing file, empty folder) are collected and thrown together.
     */
    public static List<Source> read(List<String> names, InputStream stdin) {
        List<Source> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            try {
                if (STDIN.equals(name)) {
                    out.add(new Source("(stdin)", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
                    continue;
                }
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    List<Path> files = specFiles(path);
                    if (files.isEmpty()) {
                        problems.add(name + ": folder has no *.yml, *.yaml or *.json file: put the specs there or name the files");
                    }
                    for (Path f : files) {
                        out.add(new Source(f.toString(), Files.readString(f)));
                    }
                } else {
                    out.add(new Source(name, Files.readString(path)));
                }
            } catch (NoSuchFileException e) {
                problems.add(name + ": no such file: check the path (or give - to read standard input)");
            } catch (IOException e) {
                problems.add(name + ": cannot read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return out;
    }

    /** Reads one source ({@code -} for stdin) as text. */
    public static Source readOne(String name, InputStream stdin) {
        return read(List.of(name), stdin).get(0);
    }

    private static List<Path> specFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.startsWith(".") && (n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json"));
                    })
                    .sorted()
                    .toList();
        }
    }

    /** True when the text is JSON (it starts with an object or an array); YAML otherwise. */
    public static boolean isJson(String text) {
        String trimmed = text.stripLeading();
        return trimmed.startsWith("{") || trimmed.startsWith("[");
    }

    /**
     * The documents of a text: a JSON array gives its elements, YAML gives one per document; empty
     * documents are dropped. A syntax error names the source, line and column.
     */
    public static List<JsonNode> parse(String source, String text) {
        boolean json = isJson(text);
        List<JsonNode> docs = new ArrayList<>();
        try {
            if (json) {
                JsonNode root = JSON.readTree(text);
                if (root != null && root.isArray()) {
                    root.forEach(docs::add);
                } else {
                    docs.add(root);
                }
            } else {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        docs.add(it.nextValue());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            String format = json ? "JSON" : "YAML";
            throw new InvalidSpecException(source + at + ": " + format + " syntax error: "
                    + JsonProblems.syntax(e.getOriginalMessage()) + " (the text is not valid " + format + "; fix it there)");
        } catch (IOException e) {
            throw new InvalidSpecException(source + ": cannot read: " + e.getMessage());
        }
        docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
        return docs;
    }
}
