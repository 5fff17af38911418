package io.infrakit.gcp;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code infrakit explain gcp} shows: derived from {@link GcpProperties}, which Validate binds. */
public final class GcpSchema {

    static final Map<String, Doc> DOCS;

    static {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("MachineType", Doc.required("The machine type, e.g. e2-small (in the plugin's zone)."));
        d.put("Image", Doc.required("The boot image: projects/PROJECT/global/images/NAME, or .../images/family/FAMILY (e.g. projects/debian-cloud/global/images/family/debian-12)."));
        d.put("DiskSizeGb", Doc.withDefault("10", "Size of the boot disk in GB, 10 to 65536."));
        d.put("DiskType", Doc.withDefault("pd-balanced", "The boot disk's type: pd-standard, pd-balanced, pd-ssd, pd-extreme, hyperdisk-balanced."));
        d.put("Network", Doc.of("The VPC network: a name or global/networks/NAME; the project's default network when absent."));
        d.put("Subnetwork", Doc.of("The subnetwork: regions/REGION/subnetworks/NAME (needed for custom-mode networks)."));
        d.put("ExternalIp", Doc.withDefault("false", "Whether the instance gets an ephemeral external IP address."));
        d.put("ServiceAccount", Doc.of("The service account's email the instance runs as, or 'default' for the project's default one."));
        d.put("Scopes", Doc.withDefault("[https://www.googleapis.com/auth/cloud-platform]", "OAuth scopes of the service account."));
        d.put("NetworkTags", Doc.of("Network tags (for firewall rules): lower-case letters, digits and hyphens."));
        d.put("NamePrefix", Doc.of("Prefix of the names of cattle instances (a random suffix follows); the group's ID, made a valid name, when absent."));
        d.put("Tags", Doc.of("Extra tags put on every instance as labels (encoded as the docs say), besides the group controller's."));
        DOCS = Collections.unmodifiableMap(d);
    }

    private GcpSchema() {
    }

    public static Field tree() {
        return RecordSchema.of("gcp", GcpProperties.class,
                Doc.required("Instance Properties of plugin gcp (a group's Instance section): what instances.insert creates."
                        + " The flavor's Init becomes the instance's startup-script metadata (at most " + GcpValidation.MAX_METADATA_BYTES + " bytes)."),
                DOCS);
    }
}
