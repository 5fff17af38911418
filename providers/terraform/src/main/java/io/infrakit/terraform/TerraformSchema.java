package io.infrakit.terraform;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code infrakit explain terraform} shows: derived from {@link TerraformProperties}, which Validate binds. */
public final class TerraformSchema {

    static final Map<String, Doc> DOCS;

    static {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("Type", Doc.required("The resource type of each instance, e.g. terraform_data, aws_instance, libvirt_domain."));
        d.put("Attributes", Doc.withDefault("{}", "The resource's body, as in a .tf.json file: {\"ami\": \"ami-123\", \"instance_type\": \"t3.micro\"}."));
        d.put("TagsAttribute", Doc.of("An attribute of the resource that takes a map of tags (e.g. tags): the instance's tags are"
                + " written there too. Without it they are kept in the plugin's own metadata only."));
        d.put("InitAttribute", Doc.of("An attribute of the resource that takes the Init script as text (e.g. user_data, or"
                + " metadata_startup_script). Without it an Init is not passed on, and Provision logs that."));
        d.put("Tags", Doc.of("Extra tags kept on every instance, besides the group controller's."));
        DOCS = java.util.Collections.unmodifiableMap(d);
    }

    private TerraformSchema() {
    }

    public static Field tree() {
        return RecordSchema.of("terraform", TerraformProperties.class,
                Doc.required("Instance Properties of plugin terraform (a group's Instance section): each instance is one resource"
                        + " in a .tf.json file of the group's working directory, applied through a plan file."),
                DOCS);
    }
}
