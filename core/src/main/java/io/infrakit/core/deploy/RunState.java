package io.infrakit.core.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of a deployment file has done, saved after every step so that {@code --resume}
 * continues at the step that failed and {@code --cleanup} finds every instance it created:
 * {@code $INFRAKIT_HOME/deployments/NAME/state.json} (0600, replaced atomically).
 */
public final class RunState {

    /** One instance a deployment created: the next step to run on it (1-based). */
    public record Member(@JsonProperty("ID") String id, @JsonProperty("NextStep") int nextStep) {
    }

    /** One deployment's progress. {@code failedStep} is 0 unless it stopped at a step. */
    public record Progress(@JsonProperty("Instances") List<Member> instances, @JsonProperty("Done") boolean done,
                           @JsonProperty("FailedStep") int failedStep, @JsonProperty("Template") String template) {
        public Progress {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }
    }

    record Saved(@JsonProperty("Deployments") Map<String, Progress> deployments) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;
    private final Map<String, Progress> deployments;

    private RunState(Path file, Map<String, Progress> deployments) {
        this.file = file;
        this.deployments = deployments;
    }

    /** The state in {@code dir}, empty when there is none. */
    public static RunState load(Path dir) {
        Path file = dir.resolve("state.json");
        try {
            Saved s = JSON.readValue(Files.readAllBytes(file), Saved.class);
            return new RunState(file, new LinkedHashMap<>(s.deployments() == null ? Map.of() : s.deployments()));
        } catch (NoSuchFileException e) {
            return new RunState(file, new LinkedHashMap<>());
        } catch (IOException e) {
            throw new PluginException("the run state " + file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "): remove it to start afresh (instances it listed are not destroyed then)", e);
        }
    }

    public boolean isEmpty() {
        return deployments.isEmpty();
    }

    public Optional<Progress> get(String deployment) {
        return Optional.ofNullable(deployments.get(deployment));
    }

    public Map<String, Progress> all() {
        return java.util.Collections.unmodifiableMap(deployments);
    }

    public void put(String deployment, Progress p) {
        deployments.put(deployment, p);
        save();
    }

    /** Records that {@code id} will next run {@code nextStep}. */
    public void advance(String deployment, String id, int nextStep) {
        Progress p = deployments.get(deployment);
        List<Member> members = new ArrayList<>(p.instances());
        members.replaceAll(m -> m.id().equals(id) ? new Member(id, nextStep) : m);
        put(deployment, new Progress(members, p.done(), p.failedStep(), p.template()));
    }

    /** Forgets everything (after a cleanup). */
    public void clear() {
        deployments.clear();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PluginException("cannot remove the run state " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(".tmp-state-" + java.util.UUID.randomUUID());
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Saved(deployments)));
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own permissions apply
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginException("cannot save the run state " + file + ": " + e.getMessage(), e);
        }
    }
}
