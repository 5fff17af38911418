package io.infrakit.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads spec sources on the client's side when the daemon asks ({@link Wire#READ}): the daemon never
 * reads the caller's file system. The same rules and words as the full CLI's reader
 * (core's {@code SpecDocuments.read}): {@code -} is standard input, a folder stands for its
 * {@code *.yml}, {@code *.yaml} and {@code *.json} files in name order, at most 1 MiB each, devices
 * and pipes refused before reading. A test runs both readers over the same inputs.
 */
final class LocalSpecFiles {

    static final int MAX_BYTES = 1024 * 1024;

    private LocalSpecFiles() {
    }

    /** The {@link Wire#SOURCES} answer: "ok" and name/text pairs, or "problems" and the messages. */
    static List<String> read(List<String> names, InputStream stdin) {
        List<String> sources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            try {
                if (name.equals("-")) {
                    add(sources, "(stdin)", bounded("(stdin)", stdin));
                    continue;
                }
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    List<Path> files = specFiles(path);
                    if (files.isEmpty()) {
                        problems.add(name + ": folder has no *.yml, *.yaml or *.json file: put the specs there or name the files");
                    }
                    for (Path f : files) {
                        add(sources, f.toString(), readFile(f.toString(), f));
                    }
                } else {
                    add(sources, name, readFile(name, path));
                }
            } catch (NoSuchFileException e) {
                problems.add(name + ": no such file: check the path (or give - to read standard input)");
            } catch (Refused e) {
                problems.add(e.getMessage());
            } catch (InvalidPathException e) {
                problems.add(name + ": not a valid path: " + e.getReason());
            } catch (IOException e) {
                problems.add(name + ": cannot read: " + e.getMessage());
            }
        }
        List<String> answer = new ArrayList<>();
        answer.add(problems.isEmpty() ? "ok" : "problems");
        answer.addAll(problems.isEmpty() ? sources : problems);
        return answer;
    }

    private static void add(List<String> sources, String name, String text) {
        sources.add(name);
        sources.add(text);
    }

    /** A problem with one source, worded for the user. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private static String readFile(String name, Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new Refused(name + ": not a regular file: give a spec file (or - to read standard input)");
        }
        if (Files.exists(path) && Files.size(path) > MAX_BYTES) {
            throw new Refused(name + ": " + Files.size(path) + " bytes, more than a spec may have ("
                    + MAX_BYTES + " bytes, 1 MiB): split it into several files or a folder");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return bounded(name, in);
        }
    }

    private static String bounded(String name, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new Refused(name + ": more than " + MAX_BYTES + " bytes (1 MiB), more than a spec may"
                    + " have: split it into several files or a folder");
        }
        return new String(bytes, StandardCharsets.UTF_8);
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
}
