package io.infrakit.spi.instance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Optional interface for instance plugins that can turn an instance into a template later
 * instances start from (Docker: {@code docker commit} to an image tag; libvirt: the disk copied
 * to a new volume). Deployments with {@code output: template} use it.
 */
public interface InstanceTemplates {

    /**
     * Makes a template of {@code instanceId} as {@code properties} name it (plugin-specific,
     * e.g. {@code {"Repository": "myapp", "Tag": "built"}}) and returns the reference to put in
     * later instances' properties (an image reference, a volume name). The instance is left as it
     * is; the caller destroys it. Bad properties fail with a message naming the field.
     */
    String createTemplate(String instanceId, JsonNode properties);
}
