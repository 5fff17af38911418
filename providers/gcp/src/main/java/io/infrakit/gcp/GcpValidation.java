package io.infrakit.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validate's offline checks of {@link GcpProperties}: the shapes Compute Engine accepts, each
 * refusal naming the field, the value and the fix. Whether the image exists is Compute Engine's
 * to say, at Provision (a missing image is reported naming {@code Properties.Image}).
 */
final class GcpValidation {

    /** Compute Engine takes at most 256 KB in one metadata value. */
    static final int MAX_METADATA_BYTES = 262144;
    static final Set<String> DISK_TYPES = Set.of("pd-standard", "pd-balanced", "pd-ssd", "pd-extreme", "hyperdisk-balanced");
    /** Instance names: RFC 1035 labels of at most 63 characters. */
    static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    private static final Pattern MACHINE_TYPE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)+");
    private static final Pattern IMAGE = Pattern.compile(
            "(https://www\\.googleapis\\.com/compute/v1/)?projects/[a-z][a-z0-9.:-]*/global/images/(family/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NETWORK = Pattern.compile("((projects/[a-z][a-z0-9.:-]*/)?global/networks/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SUBNETWORK = Pattern.compile("(projects/[a-z][a-z0-9.:-]*/)?regions/[a-z]+-[a-z]+\\d+/subnetworks/[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("default|[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]+");
    private static final Pattern PREFIX = Pattern.compile("[a-z]([-a-z0-9]{0,40})?");

    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    GcpProperties read(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("gcp: Properties are missing; give at least MachineType and Image (see `infrakit explain gcp`)");
        }
        if (!properties.isObject()) {
            throw new PluginException("gcp: Properties must be an object with MachineType and Image, not " + properties.getNodeType());
        }
        GcpProperties p;
        try {
            p = strict.treeToValue(properties, GcpProperties.class);
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException("gcp: unknown field Properties." + path(e) + "; known fields: " + String.join(", ", GcpSchema.DOCS.keySet()));
        } catch (JsonMappingException e) {
            throw new PluginException("gcp: Properties." + path(e) + " has the wrong type; see `infrakit explain gcp`");
        } catch (JsonProcessingException e) {
            throw new PluginException("gcp: Properties could not be read; see `infrakit explain gcp`");
        }
        matches("MachineType", p.machineType(), MACHINE_TYPE, "a machine type like e2-small or n2-standard-4", true);
        matches("Image", p.image(), IMAGE, "an image like projects/debian-cloud/global/images/family/debian-12", true);
        if (p.diskSizeGb() != null && (p.diskSizeGb() < 10 || p.diskSizeGb() > 65536)) {
            throw new PluginException("gcp: Properties.DiskSizeGb " + p.diskSizeGb() + " must be from 10 to 65536 (GB)");
        }
        if (p.diskType() != null && !DISK_TYPES.contains(p.diskType())) {
            throw new PluginException("gcp: Properties.DiskType '" + p.diskType() + "' is not one of " + String.join(", ", new TreeSet<>(DISK_TYPES)));
        }
        matches("Network", p.network(), NETWORK, "a network like default or global/networks/NAME", false);
        matches("Subnetwork", p.subnetwork(), SUBNETWORK, "a subnetwork like regions/europe-west1/subnetworks/NAME", false);
        matches("ServiceAccount", p.serviceAccount(), EMAIL, "a service account's email or 'default'", false);
        for (int i = 0; i < p.scopes().size(); i++) {
            String s = p.scopes().get(i);
            if (s == null || !s.startsWith("https://www.googleapis.com/auth/")) {
                throw new PluginException("gcp: Properties.Scopes[" + i + "] '" + s + "' is not an OAuth scope like https://www.googleapis.com/auth/cloud-platform");
            }
        }
        for (int i = 0; i < p.networkTags().size(); i++) {
            matches("NetworkTags[" + i + "]", p.networkTags().get(i), NAME, "a network tag (lower-case letters, digits and hyphens, starting with a letter)", true);
        }
        matches("NamePrefix", p.namePrefix(), PREFIX, "a name prefix of at most 41 lower-case letters, digits and hyphens, starting with a letter", false);
        LabelCodec.encode(p.tags(), "Properties.Tags");
        return p;
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "?" : out.toString();
    }

    private static void matches(String field, String value, Pattern p, String what, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new PluginException("gcp: Properties." + field + " is required: " + what);
            }
            return;
        }
        if (!p.matcher(value).matches()) {
            throw new PluginException("gcp: Properties." + field + " '" + value + "' is not " + what);
        }
    }

    /** The Init as the startup-script, refused above Compute Engine's limit before anything is created. */
    static String startupScript(String init) {
        if (init == null || init.isEmpty()) {
            return null;
        }
        int n = init.getBytes(StandardCharsets.UTF_8).length;
        if (n > MAX_METADATA_BYTES) {
            throw new PluginException("gcp: the Init (startup-script) is " + n + " bytes, over Compute Engine's limit of " + MAX_METADATA_BYTES
                    + " for one metadata value; shorten the flavor's Init, e.g. make it download a script");
        }
        return init;
    }
}
