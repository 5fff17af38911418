package io.infrakit.spi.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;

/**
 * Flavor/0.1.1: what runs on an instance. Adds tags and an init script before provisioning,
 * judges health, drains an instance before it is destroyed.
 */
public interface FlavorPlugin {

    /** Checks the flavor's own {@code Properties} against the allocation. */
    void validate(JsonNode properties, Allocation allocation);

    /** Returns the spec to provision, with this flavor's tags, init and attachments added. */
    InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index);

    /** Whether the instance is healthy. */
    Health healthy(JsonNode properties, InstanceDescription instance);

    /** Prepares the instance for removal (e.g. leaves a cluster). */
    void drain(JsonNode properties, InstanceDescription instance);
}
