package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.group.LifecycleHookPlugin;

import java.util.List;

/**
 * {@code LifecycleHook/0.1.0}: our extension for a lifecycle hook answered by a plugin
 * ({@code LifecycleHook.Notify}); the group controller calls it when a member reaches a hook's
 * transition. Served for any object implementing {@link LifecycleHookPlugin}.
 */
public final class LifecycleHookRpc implements RpcInterface<LifecycleHookPlugin> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("LifecycleHook", "0.1.0");
    public static final String NOTIFY = "LifecycleHook.Notify";

    @JsonPropertyOrder({"Type", "Group", "Instance", "Transition"})
    public record NotifyParams(@JsonProperty("Type") String type, @JsonProperty("Group") String group,
                               @JsonProperty("Instance") String instance, @JsonProperty("Transition") String transition) {
    }

    @JsonPropertyOrder({"Type", "OK"})
    public record OkResponse(@JsonProperty("Type") String type, @JsonProperty("OK") boolean ok) {
    }

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<LifecycleHookPlugin> type() {
        return LifecycleHookPlugin.class;
    }

    /**
     * Repeatable: a second notice names the same member and transition, and the controller waits for one
     * answer whatever the receiver was told twice (a Url hook's POST may be retried the same way).
     */
    static final RpcMethod<LifecycleHookPlugin, NotifyParams> NOTIFY_METHOD = RpcMethod.<LifecycleHookPlugin, NotifyParams>of(NOTIFY,
            NotifyParams.class, (target, p) -> {
                if (p.group() == null || p.group().isEmpty() || p.instance() == null || p.instance().isEmpty()) {
                    throw new InvalidParamsException("\"Group\" and \"Instance\" are required: the member's group and instance ID");
                }
                if (!"launch".equals(p.transition()) && !"terminate".equals(p.transition())) {
                    throw new InvalidParamsException("\"Transition\" is '" + p.transition() + "': use launch or terminate");
                }
                target.notify(p.group(), p.instance(), p.transition());
                return new OkResponse(p.type(), true);
            }, new NotifyParams("", "", "", "launch"), new OkResponse("", true));

    @Override
    public List<RpcMethod<LifecycleHookPlugin, ?>> methods() {
        return List.of(NOTIFY_METHOD);
    }

    @Override
    public LifecycleHookPlugin client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** {@link LifecycleHookPlugin} behind a socket. */
    public static final class Client extends ClientProxy implements LifecycleHookPlugin {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public void notify(String group, String instanceId, String transition) {
            NOTIFY_METHOD.call(rpc, new NotifyParams(addressee, group, instanceId, transition), OkResponse.class);
        }
    }
}
