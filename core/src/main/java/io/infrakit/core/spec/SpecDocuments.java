package io.infrakit.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
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

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']*)'");

    /** The largest spec text read from one file or standard input: a spec is a page, not a data set. */
    public static final int MAX_BYTES = 1024 * 1024;

    // A key given twice is refused (else the last one wins silently), in JSON and YAML alike.
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

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
                    out.add(new Source("(stdin)", bounded("(stdin)", stdin)));
                    continue;
                }
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    List<Path> files = specFiles(path);
                    if (files.isEmpty()) {
                        problems.add(name + ": folder has no *.yml, *.yaml or *.json file: put the specs there or name the files");
                    }
                    for (Path f : files) {
                        out.add(new Source(f.toString(), readFile(f.toString(), f)));
                    }
                } else {
                    out.add(new Source(name, readFile(name, path)));
                }
            } catch (NoSuchFileException e) {
                problems.add(name + ": no such file: check the path (or give - to read standard input)");
            } catch (InvalidSpecException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(name + ": cannot read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return out;
    }

    /** A regular file of at most {@link #MAX_BYTES}: a device ({@code /dev/zero}) or a pipe is refused before reading. */
    private static String readFile(String name, Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new InvalidSpecException(name + ": not a regular file: give a spec file (or - to read standard input)");
        }
        if (Files.exists(path) && Files.size(path) > MAX_BYTES) {
            throw new InvalidSpecException(name + ": " + Files.size(path) + " bytes, more than a spec may have ("
                    + MAX_BYTES + " bytes, 1 MiB): split it into several files or a folder");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return bounded(name, in); // bounded again: the file may grow while read
        }
    }

    /** Reads at most {@link #MAX_BYTES}; more is refused without reading the rest. */
    private static String bounded(String name, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new InvalidSpecException(name + ": more than " + MAX_BYTES + " bytes (1 MiB), more than a spec may"
                    + " have: split it into several files or a folder");
        }
        return new String(bytes, StandardCharsets.UTF_8);
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
                refuseAnchors(source, text);
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
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            java.util.regex.Matcher dup = DUPLICATE.matcher(message);
            if (dup.find()) {
                throw new InvalidSpecException(source + at + ": key '" + dup.group(1) + "' is given twice in one mapping"
                        + " (the last would win silently): keep one");
            }
            throw new InvalidSpecException(source + at + ": " + format + " syntax error: "
                    + JsonProblems.syntax(e.getOriginalMessage()) + " (the text is not valid " + format + "; fix it there)");
        } catch (IOException e) {
            throw new InvalidSpecException(source + ": cannot read: " + e.getMessage());
        }
        docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
        return docs;
    }

    /**
     * YAML anchors and aliases ({@code &a}, {@code *a}) are refused: a spec has no need of them, and
     * nested aliases expand exponentially (an alias bomb). Scanned with SnakeYAML's event stream,
     * which reads events lazily and expands nothing.
     */
    private static void refuseAnchors(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(false);
        try {
            for (Event e : new Yaml(options).parse(new StringReader(text))) {
                String anchor = e instanceof AliasEvent a ? a.getAnchor() : e instanceof NodeEvent n ? n.getAnchor() : null;
                if (anchor != null) {
                    Mark m = e.getStartMark();
                    throw new InvalidSpecException(source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)
                            + ": YAML " + (e instanceof AliasEvent ? "alias *" : "anchor &") + anchor
                            + " is not allowed in a spec: write the value out in full");
                }
            }
        } catch (YAMLException e) {
            // a syntax error: Jackson's parse below reports it with its line and column
        }
    }
}
