package io.infrakit.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tags added to a container after it was created. Docker labels cannot change once a container
 * exists, so Label (and the Init outcome) are kept here, by container ID, and merged over the
 * container's labels whenever it is described. Persisted to a small JSON file when one is given,
 * so the tags survive a restart of the plugin.
 */
final class LabelOverlay {

    private static final TypeReference<Map<String, Map<String, String>>> SHAPE = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final Path file;
    private final Map<String, Map<String, String>> byContainer = new HashMap<>();

    LabelOverlay(ObjectMapper json, Path file) {
        this.json = json;
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                byContainer.putAll(json.readValue(file.toFile(), SHAPE));
            } catch (IOException e) {
                throw new PluginException("cannot read the docker plugin's label file " + file + ": " + e.getMessage()
                        + "; fix or delete it (it only holds tags added after creation)", e);
            }
        }
    }

    synchronized Map<String, String> get(String containerId) {
        return Map.copyOf(byContainer.getOrDefault(containerId, Map.of()));
    }

    synchronized void put(String containerId, Map<String, String> labels) {
        byContainer.computeIfAbsent(containerId, k -> new TreeMap<>()).putAll(labels);
        save();
    }

    synchronized void remove(String containerId) {
        if (byContainer.remove(containerId) != null) {
            save();
        }
    }

    /** Every key some container has in the overlay: a filter on these keys cannot be left to the engine. */
    synchronized Set<String> keys() {
        Set<String> keys = new HashSet<>();
        byContainer.values().forEach(m -> keys.addAll(m.keySet()));
        return keys;
    }

    /** Drops entries of containers that no longer exist. */
    synchronized void retainOnly(Set<String> existingIds) {
        if (byContainer.keySet().retainAll(existingIds)) {
            save();
        }
    }

    synchronized Set<String> containerIds() {
        return Set.copyOf(byContainer.keySet());
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new TreeMap<>(byContainer));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginException("cannot write the docker plugin's label file " + file + ": " + e.getMessage(), e);
        }
    }
}
