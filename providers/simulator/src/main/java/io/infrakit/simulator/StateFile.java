package io.infrakit.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infrakit.spi.instance.Attachment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON file holding one simulated object's instances. Each save writes a temp file, fsyncs it
 * and renames it over the old one, so a crash leaves either the old or the new state, never half.
 * Concurrent saves coalesce: a save that finds a newer snapshot already written does nothing.
 */
final class StateFile {

    /** One instance as stored on disk. */
    @JsonPropertyOrder({"ID", "LogicalID", "Tags", "Properties", "Init", "Attachments", "Created"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(
            @JsonProperty("ID") String id,
            @JsonProperty("LogicalID") String logicalId,
            @JsonProperty("Tags") Map<String, String> tags,
            @JsonProperty("Properties") JsonNode properties,
            @JsonProperty("Init") String init,
            @JsonProperty("Attachments") List<Attachment> attachments,
            @JsonProperty("Created") String created) {
    }

    /** The instances at some version of the object's state. */
    record Snapshot(long version, List<SimulatedInstance> instances) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private long writtenVersion = -1; // guarded by this

    StateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Reads the stored instances (empty when the file does not exist yet). */
    List<Stored> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Stored>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("simulator state file " + file + " cannot be read (" + e.getMessage()
                    + "); fix or delete it (deleting forgets the simulated instances)", e);
        }
    }

    /** Writes the snapshot the supplier gives, unless a snapshot at least as new is already on disk. */
    synchronized void save(Supplier<Snapshot> current) {
        Snapshot snapshot = current.get();
        if (snapshot.version() <= writtenVersion) {
            return;
        }
        List<Stored> stored = new ArrayList<>(snapshot.instances().size());
        for (SimulatedInstance i : snapshot.instances()) {
            stored.add(new Stored(i.id(), i.logicalId(), i.tags(), i.properties(), i.init(), i.attachments(), i.created().toString()));
        }
        try {
            writeAtomically(JSON.writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulator state file " + file + ": " + e.getMessage(), e);
        }
        writtenVersion = snapshot.version();
    }

    private void writeAtomically(byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // The rename itself is durable only once the directory entry is flushed.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open a directory for sync; the data file is already synced
        }
    }

    static SimulatedInstance toInstance(Stored s, java.time.Duration visibleAfter, SharedValues shared) {
        Instant created = s.created() == null ? Instant.EPOCH : Instant.parse(s.created());
        return new SimulatedInstance(s.id(), s.logicalId(), shared.tags(s.tags()), s.properties(),
                s.init() == null ? "" : s.init(), s.attachments(), created, created.plus(visibleAfter));
    }
}
