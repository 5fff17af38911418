package io.infrakit.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One deployment: {@code count} instances of {@code plugin} with {@code properties}, the steps
 * run on each in order, and what is left at the end ({@link Output}).
 *
 * @param template for {@link Output#TEMPLATE}: what the plugin needs to name the template
 *                 (Docker: {@code Repository}, {@code Tag}; libvirt: {@code Pool}, {@code Volume})
 */
public record Deployment(String name, String plugin, JsonNode properties, int count, Output output,
                         JsonNode template, List<Step> steps) {

    public enum Output {
        /** The instances keep running (a platform). */
        INSTANCE,
        /** Each instance becomes a template (an image, a volume) and is then destroyed. */
        TEMPLATE
    }

    /** The key under which a template output's reference is stored. */
    public String templateKey() {
        return "deployments/" + name + "/template";
    }
}
