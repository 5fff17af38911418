package io.infrakit.core.manager.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarConflictException;
import io.infrakit.spi.metadata.VarPaths;
import io.infrakit.spi.metadata.VarValue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The {@code file} key/value store: every key in one JSON file ({@code $INFRAKIT_HOME/vars.json},
 * 0600, written atomically by {@link DurableFiles}). Each read and each write reads the file afresh
 * under an OS lock on {@code vars.lock}, so managers and CLIs sharing a home never lose a write
 * and a restarted manager sees what the last one wrote.
 */
public final class FileVarStore implements UpdatableMetadata {

    record Entry(@JsonProperty("Value") String value, @JsonProperty("Version") long version) {
    }

    private static final TypeReference<TreeMap<String, Entry>> SHAPE = new TypeReference<>() {
    };

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock local = new ReentrantLock();
    private final ObjectMapper json = new ObjectMapper();

    public FileVarStore(Path home) {
        this.file = home.resolve("vars.json");
        this.lockFile = home.resolve("vars.lock");
    }

    @Override
    public List<String> keys(String path) {
        VarPaths.segments(path);
        return locked(m -> VarPaths.children(path, m.keySet()), false);
    }

    @Override
    public Optional<VarValue> get(String path) {
        String key = VarPaths.key(path);
        return locked(m -> Optional.ofNullable(m.get(key)).map(e -> new VarValue(e.value(), e.version())), false);
    }

    @Override
    public long put(String path, String value, long expectedVersion) {
        String key = VarPaths.key(path);
        if (value == null) {
            throw new PluginException("key '" + key + "': the value is missing; give a string (may be empty)");
        }
        return locked(m -> {
            Entry old = m.get(key);
            long actual = old == null ? NO_VERSION : old.version();
            if (expectedVersion != ANY_VERSION && expectedVersion != actual) {
                throw new VarConflictException(key, expectedVersion, actual);
            }
            m.put(key, new Entry(value, actual + 1));
            return actual + 1;
        }, true);
    }

    @Override
    public boolean remove(String path) {
        String key = VarPaths.key(path);
        return locked(m -> m.remove(key) != null, true);
    }

    /** Runs {@code action} on the file's content under both locks; writes the map back when {@code write}. */
    private <R> R locked(Function<TreeMap<String, Entry>, R> action, boolean write) {
        local.lock();
        try {
            DurableFiles.createPrivate(file.toAbsolutePath().getParent());
            try (FileChannel ch = DurableFiles.openPrivate(lockFile); FileLock ignored = ch.lock()) {
                TreeMap<String, Entry> map = read();
                R result = action.apply(map);
                if (write) {
                    DurableFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(map));
                }
                return result;
            }
        } catch (IOException e) {
            throw new PluginException("cannot use the key/value file " + file + ": " + e.getMessage()
                    + "; check that the folder is writable by this user", e);
        } finally {
            local.unlock();
        }
    }

    private TreeMap<String, Entry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        try {
            TreeMap<String, Entry> m = json.readValue(bytes, SHAPE);
            return m == null ? new TreeMap<>() : m;
        } catch (IOException e) {
            throw new PluginException("the key/value file " + file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "): restore it from a backup or remove it", e);
        }
    }
}
