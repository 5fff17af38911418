package io.infrakit.rpc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.Map;

/** A flavor that adds one tag and says every instance is healthy. */
public final class FakeFlavorPlugin implements FlavorPlugin {
    @Override
    public void validate(JsonNode properties, Allocation allocation) {
    }

    @Override
    public InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index) {
        return spec.withMoreTags(Map.of("flavor", "fake")).withInit("echo " + index.sequence());
    }

    @Override
    public Health healthy(JsonNode properties, InstanceDescription instance) {
        return Health.HEALTHY;
    }

    @Override
    public void drain(JsonNode properties, InstanceDescription instance) {
    }
}
