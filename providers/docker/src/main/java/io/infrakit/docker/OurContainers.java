package io.infrakit.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.infrakit.spi.PluginException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finding the plugin's containers on the engine: those with the {@link DockerLabels#MANAGED}
 * label. Anything without it is never listed, changed or removed.
 */
final class OurContainers {

    /** States in which a container counts as an existing instance; exited and dead ones are lost. */
    static final List<String> LIVE_STATES = List.of("created", "running", "paused", "restarting");

    private final DockerEngine engine;

    OurContainers(DockerEngine engine) {
        this.engine = engine;
    }

    /** Our live containers that carry every label of {@code labels}. */
    List<Container> live(Map<String, String> labels) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put(DockerLabels.MANAGED, "true");
        filter.putAll(labels);
        try {
            return engine.api().listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(filter)
                    .withStatusFilter(LIVE_STATES)
                    .exec();
        } catch (DockerException e) {
            throw new PluginException("cannot list containers: " + DockerEngine.message(e), e);
        } catch (RuntimeException e) {
            throw engine.unreachable(e);
        }
    }

    /** Our exited containers that carry every label of {@code labels}: a warm pool's stopped members among them. */
    List<Container> exited(Map<String, String> labels) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put(DockerLabels.MANAGED, "true");
        filter.putAll(labels);
        try {
            return engine.api().listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(filter)
                    .withStatusFilter(List.of("exited"))
                    .exec();
        } catch (DockerException e) {
            throw new PluginException("cannot list containers: " + DockerEngine.message(e), e);
        } catch (RuntimeException e) {
            throw engine.unreachable(e);
        }
    }

    /** The IDs of all our containers, exited ones too. */
    Set<String> allIds() {
        Set<String> ids = new HashSet<>();
        engine.api().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerLabels.MANAGED, "true")).exec()
                .forEach(c -> ids.add(c.getId()));
        return ids;
    }

    /**
     * Our container with this ID (or unique prefix, or name); fails naming {@code action} when there
     * is none or when it is not ours.
     */
    InspectContainerResponse inspect(String instanceId, String action) {
        if (instanceId == null || instanceId.isBlank()) {
            throw new PluginException(action + ": the instance ID is empty; give a container ID from describe");
        }
        InspectContainerResponse c;
        try {
            c = engine.api().inspectContainerCmd(instanceId).exec();
        } catch (NotFoundException e) {
            throw new PluginException(action + ": no container with ID '" + instanceId + "' on the Docker engine at "
                    + engine.host() + "; it may be gone already (list ours with: docker ps -a --filter label="
                    + DockerLabels.MANAGED + "=true)", e);
        } catch (DockerException e) {
            throw new PluginException(action + " " + instanceId + ": " + DockerEngine.message(e), e);
        } catch (RuntimeException e) {
            throw engine.unreachable(e);
        }
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels();
        if (!"true".equals(labels.get(DockerLabels.MANAGED))) {
            throw new PluginException(action + ": container '" + instanceId + "' was not created by infrakit (it has no label "
                    + DockerLabels.MANAGED + "=true); it is left alone");
        }
        return c;
    }

    static String label(InspectContainerResponse c, String key) {
        return c.getConfig() == null || c.getConfig().getLabels() == null ? null : c.getConfig().getLabels().get(key);
    }
}
