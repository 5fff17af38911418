package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a Provision asks of the engine, worked out before the engine is asked anything: the
 * container create body (the user's {@code Config} and {@code HostConfig} with our labels, and for
 * pets a hostname and a network alias), the container name, the networks that must exist and the
 * networks to join after creation. Pure, so the translation is tested without an engine.
 *
 * @param image            the image to run ({@code Config.Image})
 * @param group            the instance's group tag, or null
 * @param logicalId        the pet's logical ID, or null for cattle
 * @param name             the container name to ask for (pets), or null to let the engine pick one
 * @param body             the create body: Config fields, Labels, Hostname, HostConfig, NetworkingConfig
 * @param requiredNetworks network name to the field that names it, in the order they are checked
 * @param joins            networks to connect the created container to, before it starts
 * @param ignored          flavor attachments Docker has no meaning for (not of type network)
 */
record ContainerRequest(String image, String group, String logicalId, String name, ObjectNode body,
                        Map<String, String> requiredNetworks, List<NetworkJoin> joins, List<Attachment> ignored) {

    /** Network modes that are not user-defined networks (no aliases, nothing to check). */
    private static final Set<String> BUILT_IN_NETWORKS = Set.of("default", "bridge", "host", "none");
    static final String FLAVOR_ATTACHMENTS = "the flavor's Attachments";

    /** One network to connect to, with the aliases the container answers to there, and who asked. */
    record NetworkJoin(String network, List<String> aliases, String field) {
    }

    /** Translates a validated spec; properties must have passed {@link PropertiesValidator}. */
    static ContainerRequest from(InstanceSpec spec, ObjectMapper json) {
        JsonNode props = spec.properties();
        ObjectNode body = props.path("Config").deepCopy();
        String image = body.path("Image").asText();
        String group = spec.tags() == null ? null : spec.tags().get(Tags.GROUP);
        String logicalId = spec.logicalId() == null || spec.logicalId().isBlank() ? null : spec.logicalId();

        // Labels, weakest first: Config.Labels, Properties.Tags, the instance's tags, ours.
        Map<String, String> labels = new TreeMap<>();
        labels.putAll(stringMap(body.path("Labels")));
        labels.putAll(stringMap(props.path("Tags")));
        if (spec.tags() != null) {
            labels.putAll(spec.tags());
        }
        labels.put(DockerLabels.MANAGED, "true");
        if (logicalId != null) {
            labels.put(Tags.LOGICAL_ID, logicalId);
        }
        body.set("Labels", json.valueToTree(labels));
        if (logicalId != null) {
            // Pets are found by name: the logical ID is the hostname, the container name and a network alias.
            body.put("Hostname", hostname(logicalId));
        }
        ObjectNode hostConfig = props.path("HostConfig").isObject() ? props.get("HostConfig").deepCopy() : json.createObjectNode();
        body.set("HostConfig", hostConfig);
        String networkMode = hostConfig.path("NetworkMode").asText("");
        if (logicalId != null && isUserNetwork(networkMode)) {
            ObjectNode endpoint = json.createObjectNode();
            endpoint.putArray("Aliases").add(logicalId);
            body.putObject("NetworkingConfig").putObject("EndpointsConfig").set(networkMode, endpoint);
        }

        List<NetworkJoin> joins = new ArrayList<>();
        for (JsonNode a : props.path("NetworkAttachments")) {
            List<String> aliases = new ArrayList<>();
            if (logicalId != null) {
                aliases.add(logicalId);
            }
            a.path("Aliases").forEach(x -> aliases.add(x.asText()));
            if (a.path("Aliases").isTextual()) {
                aliases.add(a.path("Aliases").asText());
            }
            joins.add(new NetworkJoin(PropertiesValidator.networkName(a), List.copyOf(aliases), "NetworkAttachments"));
        }
        // Flavor attachments of type network are networks to join; other types mean nothing to Docker.
        List<Attachment> ignored = new ArrayList<>();
        for (Attachment a : spec.attachments() == null ? List.<Attachment>of() : spec.attachments()) {
            if ("network".equalsIgnoreCase(a.type())) {
                joins.add(new NetworkJoin(a.id(), logicalId == null ? List.of() : List.of(logicalId), FLAVOR_ATTACHMENTS));
            } else {
                ignored.add(a);
            }
        }

        // Checked before anything is created: the engine only notices a missing network at start.
        Map<String, String> required = new LinkedHashMap<>();
        if (isUserNetwork(networkMode)) {
            required.put(networkMode, "HostConfig.NetworkMode");
        }
        joins.forEach(j -> required.putIfAbsent(j.network(), j.field()));

        String name = logicalId == null ? null : containerName(logicalId);
        return new ContainerRequest(image, group, logicalId, name, body, required, List.copyOf(joins), List.copyOf(ignored));
    }

    /** The labels the container is created with. */
    Map<String, String> labels() {
        return stringMap(body.path("Labels"));
    }

    /** How log lines name the instance being provisioned. */
    String who() {
        return "group=" + group + " logical=" + logicalId;
    }

    /** A Docker container name from a logical ID: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
    static String containerName(String logicalId) {
        String s = logicalId.replaceAll("[^a-zA-Z0-9_.-]", "-");
        return Character.isLetterOrDigit(s.charAt(0)) ? s : "i" + s;
    }

    /** A hostname from a logical ID: letters, digits, dots and dashes, at most 63 characters. */
    static String hostname(String logicalId) {
        String s = logicalId.replaceAll("[^a-zA-Z0-9.-]", "-");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    static boolean isUserNetwork(String mode) {
        return !mode.isEmpty() && !BUILT_IN_NETWORKS.contains(mode) && !mode.startsWith("container:");
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> m = new HashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
