package io.infrakit.vagrant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folders of the instances under one root ({@code $INFRAKIT_HOME/vagrant}): one per instance,
 * named by its ID, holding its Vagrantfile, its Init and {@code infrakit.json} ({@link Machine}).
 * Files are replaced atomically, so that a concurrent reader sees the old or the new one.
 */
final class MachineFolders {

    private static final Logger log = LoggerFactory.getLogger(MachineFolders.class);
    static final String METADATA = "infrakit.json";
    /** IDs the plugin makes; anything else in the root is not ours and is never touched. */
    static final Pattern ID = Pattern.compile("vagrant-[0-9a-f]{10}");

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();
    private final java.util.concurrent.locks.ReentrantLock metadata = new java.util.concurrent.locks.ReentrantLock();

    MachineFolders(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path dir(String id) {
        if (!ID.matcher(id).matches()) {
            throw new PluginException("vagrant: '" + id + "' is not an instance ID of this plugin (they look like vagrant-0123456789)");
        }
        return root.resolve(id);
    }

    void create(String id) {
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new PluginException("vagrant: cannot create the folder " + dir(id) + ": " + e.getMessage());
        }
    }

    void write(String id, String file, String text) {
        Path target = dir(id).resolve(file);
        Path tmp = target.resolveSibling("." + file + ".tmp");
        try {
            Files.writeString(tmp, text);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginException("vagrant: cannot write " + target + ": " + e.getMessage());
        }
    }

    void save(Machine m) {
        try {
            write(m.id(), METADATA, json.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PluginException("vagrant: cannot encode the metadata of " + m.id() + ": " + e.getOriginalMessage());
        }
    }

    /**
     * Read-modify-write of an instance's metadata, one at a time (Label and the provisioning's
     * progress must not lose each other's change); false when the instance has no metadata.
     */
    boolean update(String id, java.util.function.UnaryOperator<Machine> change) {
        metadata.lock();
        try {
            Optional<Machine> m = read(id);
            m.ifPresent(machine -> save(change.apply(machine)));
            return m.isPresent();
        } finally {
            metadata.unlock();
        }
    }

    Optional<Machine> read(String id) {
        Path file = dir(id).resolve(METADATA);
        try {
            return Optional.of(json.readValue(file.toFile(), Machine.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("vagrant: unreadable metadata {} ({}); the instance is left out", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Every instance with readable metadata. */
    List<Machine> list() {
        List<Machine> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (ID.matcher(name).matches()) {
                    read(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new PluginException("vagrant: cannot list " + root + ": " + e.getMessage());
        }
        return out;
    }

    /** True when Vagrant holds a machine ID for the folder: {@code vagrant destroy} removes it. */
    boolean hasMachineId(String id) {
        Path machines = dir(id).resolve(".vagrant/machines/default");
        if (!Files.isDirectory(machines)) {
            return false;
        }
        try (Stream<Path> providers = Files.list(machines)) {
            return providers.anyMatch(p -> Files.isRegularFile(p.resolve("id")));
        } catch (IOException e) {
            return false;
        }
    }

    void remove(String id) {
        Path d = dir(id);
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PluginException("vagrant: cannot remove " + d + ": " + e.getMessage());
        }
    }
}
