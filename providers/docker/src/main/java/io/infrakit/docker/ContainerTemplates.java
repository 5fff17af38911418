package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deployment's template output on Docker: {@code docker commit} of one of our containers to
 * {@code Repository:Tag}, which later instances name in {@code Config.Image}. Properties:
 * {@code Repository} (required), {@code Tag} (default {@code latest}), {@code Comment}.
 */
final class ContainerTemplates {
    private static final Logger log = LoggerFactory.getLogger(ContainerTemplates.class);
    private static final Set<String> FIELDS = Set.of("Repository", "Tag", "Comment");
    /** Docker's reference grammar, simplified: lower-case path components, an optional registry host:port. */
    private static final Pattern REPOSITORY = Pattern.compile("([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final DockerEngine engine;
    private final OurContainers containers;

    ContainerTemplates(DockerEngine engine, OurContainers containers) {
        this.engine = engine;
        this.containers = containers;
    }

    String commit(String instanceId, JsonNode properties) {
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new PluginException("template property '" + f + "' is unknown: docker templates take Repository, Tag and Comment");
            }
        }
        String repository = properties.path("Repository").asText("");
        String tag = properties.path("Tag").asText("latest");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new PluginException("template property 'Repository' is '" + repository
                    + "': give an image repository in lower case, e.g. myorg/base");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new PluginException("template property 'Tag' is '" + tag + "': letters, digits, '_', '.' and '-', e.g. v1");
        }
        InspectContainerResponse c = containers.inspect(instanceId, "template");
        try {
            String image = engine.api().commitCmd(c.getId()).withRepository(repository).withTag(tag)
                    .withMessage(properties.path("Comment").asText("made by an InfraKit deployment")).exec();
            log.info("committed container={} image={}:{} id={}", DockerInstancePlugin.shortId(c.getId()), repository, tag, image);
            return repository + ":" + tag;
        } catch (DockerException e) {
            throw new PluginException("docker commit of " + DockerInstancePlugin.shortId(c.getId()) + " to " + repository + ":" + tag
                    + " failed: " + DockerEngine.message(e), e);
        } catch (RuntimeException e) {
            throw engine.unreachable(e);
        }
    }
}
