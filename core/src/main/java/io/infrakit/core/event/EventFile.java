package io.infrakit.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The events file: one JSON object per line, appended, rewritten whole (to a temporary file then
 * moved over) when compacted. Owner-only: the folder 0700, the file 0600, since messages name
 * hosts and instances. A torn last line (a crash mid-write) or a line of an unknown type is
 * skipped when read. Not thread-safe: {@link EventJournal} calls it from one writer at a time.
 */
final class EventFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Sequence", "Time", "Type", "Group", "Instance", "Message"})
    record Line(@JsonProperty("Sequence") long sequence, @JsonProperty("Time") String time, @JsonProperty("Type") String type,
                @JsonProperty("Group") String group, @JsonProperty("Instance") String instance,
                @JsonProperty("Message") String message) {
    }

    private final Path file;
    private final String name;
    private BufferedWriter out;
    private int lines;

    /** {@code dir/NAME}, created owner-only when missing. */
    EventFile(Path dir, String name) {
        this.name = name;
        this.file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, DIR);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the events file " + file + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return file;
    }

    /** Lines in the file, counted by the last {@link #read} and the appends since. */
    int lines() {
        return lines;
    }

    /** Every readable event of the file that {@code keep} accepts, oldest first; counts the lines. */
    List<Event> read(Predicate<Event> keep) throws IOException {
        List<Event> events = new ArrayList<>();
        lines = scan(file, keep, events);
        return events;
    }

    /** Reads without touching the writer's state: for queries while the writer appends. */
    static List<Event> readOnly(Path file, Predicate<Event> keep) throws IOException {
        List<Event> events = new ArrayList<>();
        scan(file, keep, events);
        return events;
    }

    private static int scan(Path file, Predicate<Event> keep, List<Event> events) throws IOException {
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String l;
            while ((l = r.readLine()) != null) {
                n++;
                Event e = parse(l);
                if (e != null && keep.test(e)) {
                    events.add(e);
                }
            }
        }
        return n;
    }

    void append(List<Event> events) throws IOException {
        if (out == null) {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        }
        for (Event e : events) {
            out.write(format(e));
            out.newLine();
        }
        out.flush();
        lines += events.size();
    }

    /** Replaces the file's content with {@code keep}, atomically. */
    void rewrite(List<Event> keep) throws IOException {
        closeWriter();
        Path tmp = file.resolveSibling(name + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Event e : keep) {
                w.write(format(e));
                w.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lines = keep.size();
    }

    static String format(Event e) {
        try {
            return JSON.writeValueAsString(new Line(e.sequence(), e.time().toString(), e.type().name(), e.group(), e.instance(),
                    e.message()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The event of one line, or null when the line is torn or of a type this version does not know. */
    static Event parse(String line) {
        try {
            Line l = JSON.readValue(line, Line.class);
            return new Event(l.sequence(), Instant.parse(l.time()), EventType.valueOf(l.type()), l.group(), l.instance(), l.message());
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private void closeWriter() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeWriter();
    }
}
