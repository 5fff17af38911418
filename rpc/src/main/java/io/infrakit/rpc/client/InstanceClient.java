package io.infrakit.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.binding.InstanceRpc;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.List;
import java.util.Map;

/** An {@link InstancePlugin} behind a socket: object {@code type} of the plugin {@code rpc} talks to. */
public final class InstanceClient implements InstancePlugin {

    private final RpcClient rpc;
    private final String type;

    public InstanceClient(RpcClient rpc, String type) {
        this.rpc = rpc;
        this.type = type == null ? "" : type;
    }

    @Override
    public void validate(JsonNode properties) {
        rpc.call("Instance.Validate", new InstanceRpc.ValidateParams(type, properties), InstanceRpc.OkResult.class);
    }

    @Override
    public String provision(InstanceSpec spec) {
        return rpc.call("Instance.Provision", new InstanceRpc.ProvisionParams(type, spec), InstanceRpc.ProvisionResult.class).id();
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        rpc.call("Instance.Label", new InstanceRpc.LabelParams(type, instanceId, labels), InstanceRpc.OkResult.class);
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        // Go always sends the struct: {"Reason":""} rather than null.
        DestroyContext ctx = context == null ? new DestroyContext("") : context;
        rpc.call("Instance.Destroy", new InstanceRpc.DestroyParams(type, instanceId, ctx), InstanceRpc.OkResult.class);
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        List<InstanceDescription> found = rpc.call("Instance.DescribeInstances",
                new InstanceRpc.DescribeParams(type, tags, properties), InstanceRpc.DescribeResult.class).descriptions();
        return found == null ? List.of() : found;
    }

    @Override
    public String toString() {
        return "InstanceClient[" + rpc.pluginName() + " at " + rpc.socket() + "]";
    }
}
