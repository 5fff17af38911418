package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.InstanceLifecycle;

import java.util.List;

/**
 * {@code InstanceLifecycle/0.1.0}: our extension to InfraKit's protocol for stopping an instance and
 * starting it again ({@code Instance.Start}, {@code Instance.Stop}), which the group controller's warm
 * pool needs. Served for any object implementing {@link InstanceLifecycle}; listed in the handshake
 * only, so InfraKit clients never see it.
 */
public final class InstanceLifecycleRpc implements RpcInterface<InstanceLifecycle> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("InstanceLifecycle", "0.1.0");
    public static final String START = "Instance.Start";
    public static final String STOP = "Instance.Stop";

    @JsonPropertyOrder({"Type", "Instance"})
    public record InstanceParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance) {
    }

    @JsonPropertyOrder({"Type", "OK"})
    public record OkResponse(@JsonProperty("Type") String type, @JsonProperty("OK") boolean ok) {
    }

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<InstanceLifecycle> type() {
        return InstanceLifecycle.class;
    }

    private static void check(InstanceParams p) {
        if (p.instance() == null || p.instance().isEmpty()) {
            throw new InvalidParamsException("\"Instance\" is missing or empty: give the instance ID");
        }
    }

    /** Both are idempotent on the provider's side (starting a running instance is not an error): repeatable. */
    static final RpcMethod<InstanceLifecycle, InstanceParams> START_METHOD = RpcMethod.<InstanceLifecycle, InstanceParams>of(START,
            InstanceParams.class, (target, p) -> {
                check(p);
                target.start(p.instance());
                return new OkResponse(p.type(), true);
            }, new InstanceParams("", ""), new OkResponse("", true));

    static final RpcMethod<InstanceLifecycle, InstanceParams> STOP_METHOD = RpcMethod.<InstanceLifecycle, InstanceParams>of(STOP,
            InstanceParams.class, (target, p) -> {
                check(p);
                target.stop(p.instance());
                return new OkResponse(p.type(), true);
            }, new InstanceParams("", ""), new OkResponse("", true));

    @Override
    public List<RpcMethod<InstanceLifecycle, ?>> methods() {
        return List.of(START_METHOD, STOP_METHOD);
    }

    @Override
    public InstanceLifecycle client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** {@link InstanceLifecycle} behind a socket. */
    public static final class Client extends ClientProxy implements InstanceLifecycle {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public void start(String instanceId) {
            START_METHOD.call(rpc, new InstanceParams(addressee, instanceId), OkResponse.class);
        }

        @Override
        public void stop(String instanceId) {
            STOP_METHOD.call(rpc, new InstanceParams(addressee, instanceId), OkResponse.class);
        }
    }
}
