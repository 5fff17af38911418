package io.infrakit.cloudstack;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code infrakit explain cloudstack} shows: derived from {@link CloudStackProperties}, which Validate binds. */
public final class CloudStackSchema {

    static final Map<String, Doc> DOCS;

    static {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("Zone", Doc.required("The zone to deploy in: its name (resolved with listZones) or its UUID."));
        d.put("ServiceOffering", Doc.required("The service offering (CPU and memory): its name (listServiceOfferings) or its UUID."));
        d.put("Template", Doc.required("The template (the disk image): its name (listTemplates templatefilter=executable) or its UUID."));
        d.put("Networks", Doc.of("UUIDs of the networks to attach (networkids); CloudStack's default network when empty."));
        d.put("SecurityGroups", Doc.of("UUIDs of security groups (securitygroupids), for zones with security groups."));
        d.put("KeyPair", Doc.of("Name of an SSH key pair registered in CloudStack (keypair)."));
        d.put("Tags", Doc.of("Extra tags put on every VM with createTags, besides the group controller's."));
        DOCS = java.util.Collections.unmodifiableMap(d);
    }

    private CloudStackSchema() {
    }

    public static Field tree() {
        return RecordSchema.of("cloudstack", CloudStackProperties.class,
                Doc.required("Instance Properties of plugin cloudstack (a group's Instance section): where and what to deploy."
                        + " The flavor's Init becomes the VM's user data (base64, at most " + UserData.MAX_BASE64_BYTES + " bytes encoded)."),
                DOCS);
    }
}
