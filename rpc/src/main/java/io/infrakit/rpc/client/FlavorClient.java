package io.infrakit.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.binding.FlavorRpc;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;

/** A {@link FlavorPlugin} behind a socket. */
public final class FlavorClient implements FlavorPlugin {

    private final RpcClient rpc;
    private final String type;

    public FlavorClient(RpcClient rpc, String type) {
        this.rpc = rpc;
        this.type = type == null ? "" : type;
    }

    @Override
    public void validate(JsonNode properties, Allocation allocation) {
        rpc.call("Flavor.Validate", new FlavorRpc.ValidateParams(type, properties, allocation), FlavorRpc.OkResult.class);
    }

    @Override
    public InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index) {
        return rpc.call("Flavor.Prepare", new FlavorRpc.PrepareParams(type, properties, spec, allocation, index),
                FlavorRpc.PrepareResult.class).spec();
    }

    @Override
    public Health healthy(JsonNode properties, InstanceDescription instance) {
        Health h = rpc.call("Flavor.Healthy", new FlavorRpc.InstanceParams(type, properties, instance),
                FlavorRpc.HealthResult.class).health();
        return h == null ? Health.UNKNOWN : h;
    }

    @Override
    public void drain(JsonNode properties, InstanceDescription instance) {
        rpc.call("Flavor.Drain", new FlavorRpc.InstanceParams(type, properties, instance), FlavorRpc.OkResult.class);
    }

    @Override
    public String toString() {
        return "FlavorClient[" + rpc.pluginName() + " at " + rpc.socket() + "]";
    }
}
