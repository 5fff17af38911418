package io.infrakit.vagrant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Suggestions;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and checks {@link VagrantProperties}; every refusal names the field, the value and the fix.
 *
 * <p>InfraKit's Vagrant plugin broke on its users' files (seed 000): their instance spec held a
 * group's sections, {@code {"Instance": {"Plugin": ..., "Properties": {"Box": ...}}, "Flavor": ...}},
 * and the plugin looked for {@code Box} two levels too high ("Property 'Box' must be set"). Such a
 * document is read here from its {@code Instance.Properties}, which is what its user meant.
 */
final class PropertiesReader {

    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Set<String> NETWORK_TYPES = Set.of("private_network", "public_network", "forwarded_port");
    private static final Set<String> GROUP_SECTIONS = Set.of("Instance", "Flavor", "Allocation");

    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The instance's own properties: the document itself, or its {@code Instance.Properties} when it is a group's sections. */
    static JsonNode unwrap(JsonNode properties) {
        if (properties == null || !properties.isObject() || !properties.path("Instance").isObject()) {
            return properties;
        }
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            if (!GROUP_SECTIONS.contains(it.next())) {
                return properties;
            }
        }
        return properties.path("Instance").path("Properties");
    }

    VagrantProperties read(JsonNode given) {
        JsonNode properties = unwrap(given);
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("vagrant: Properties are missing; give Box (a Vagrant box) or Image (a Docker image)");
        }
        if (!properties.isObject()) {
            throw new PluginException("vagrant: Properties must be an object with Box or Image, not " + properties.getNodeType().name().toLowerCase());
        }
        VagrantProperties p;
        try {
            p = strict.treeToValue(properties, VagrantProperties.class);
        } catch (UnrecognizedPropertyException e) {
            String where = path(e);
            Set<String> known = e.getKnownPropertyIds().stream().map(Object::toString).collect(Collectors.toCollection(java.util.TreeSet::new));
            String hint = Suggestions.closest(e.getPropertyName(), known, 2).map(s -> "did you mean " + s + "? ").orElse("");
            throw new PluginException("vagrant: unknown field Properties." + where + "; " + hint + "known fields here: " + String.join(", ", known));
        } catch (JsonProcessingException e) {
            throw new PluginException("vagrant: Properties." + path(e) + " has the wrong type; see `infrakit explain vagrant`");
        }
        check(p);
        return p;
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return "?";
        }
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static void check(VagrantProperties p) {
        boolean box = p.box() != null;
        boolean image = p.image() != null;
        if (box == image) {
            throw new PluginException(box
                    ? "vagrant: Properties has both Box '" + p.box() + "' and Image '" + p.image() + "'; give Box for a virtual machine or Image for the Docker provider, not both"
                    : "vagrant: Properties.Box is required (a Vagrant box, e.g. debian/bookworm64), or Properties.Image for the Docker provider");
        }
        if (box && p.box().isBlank() || image && p.image().isBlank()) {
            throw new PluginException("vagrant: Properties." + (box ? "Box" : "Image") + " is empty; give a " + (box ? "box name" : "Docker image"));
        }
        if (p.provider() != null && !PROVIDER.matcher(p.provider()).matches()) {
            throw new PluginException("vagrant: Properties.Provider '" + p.provider() + "' is not a provider name; use e.g. virtualbox, libvirt or docker");
        }
        if (image && !p.docker()) {
            throw new PluginException("vagrant: Properties.Image needs the docker provider, but Provider is '" + p.provider() + "'; drop Provider or use Box");
        }
        if (box && p.docker()) {
            throw new PluginException("vagrant: the docker provider runs an image, not the box '" + p.box() + "'; write Properties.Image instead of Box");
        }
        range("CPUs", p.cpus(), 1, 256);
        range("Memory", p.memory(), 16, 1_048_576);
        if (p.hostname() != null && !HOST_NAME.matcher(p.hostname()).matches()) {
            throw new PluginException("vagrant: Properties.Hostname '" + p.hostname() + "' is not a host name (letters, digits, dots and hyphens)");
        }
        for (int i = 0; i < p.networks().size(); i++) {
            VagrantProperties.Network n = p.networks().get(i);
            String at = "Properties.Networks[" + i + "]";
            if (n == null || n.type() == null || !NETWORK_TYPES.contains(n.type())) {
                throw new PluginException("vagrant: " + at + ".Type is '" + (n == null ? null : n.type())
                        + "'; use private_network, public_network or forwarded_port");
            }
            if (n.type().equals("forwarded_port")) {
                port(at + ".Guest", n.guest());
                port(at + ".Host", n.host());
            } else if (n.guest() != null || n.host() != null) {
                throw new PluginException("vagrant: " + at + " is a " + n.type() + ": Guest and Host belong to a forwarded_port");
            }
        }
        for (int i = 0; i < p.syncedFolders().size(); i++) {
            VagrantProperties.SyncedFolder f = p.syncedFolders().get(i);
            String at = "Properties.SyncedFolders[" + i + "]";
            if (f == null || f.host() == null || !f.host().startsWith("/") || f.guest() == null || !f.guest().startsWith("/")) {
                throw new PluginException("vagrant: " + at + " needs Host and Guest as absolute paths, e.g. {Host: /srv/app, Guest: /app}");
            }
        }
        p.tags().forEach((k, v) -> {
            if (k.isBlank() || v == null) {
                throw new PluginException("vagrant: Properties.Tags has an empty key or a null value ('" + k + "'); tags are text: text");
            }
        });
    }

    private static void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new PluginException("vagrant: Properties." + field + " is " + value + "; it must be from " + min + " to " + max);
        }
    }

    private static void port(String field, Integer value) {
        if (value == null || value < 1 || value > 65535) {
            throw new PluginException("vagrant: " + field + " is " + value + "; a forwarded_port needs a port from 1 to 65535");
        }
    }
}
