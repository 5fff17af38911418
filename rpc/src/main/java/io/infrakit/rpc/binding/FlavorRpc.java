package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.List;

/** Flavor/0.1.1 on the wire. */
public final class FlavorRpc implements RpcInterface<FlavorPlugin> {

    @JsonPropertyOrder({"Type", "Properties", "Allocation"})
    public record ValidateParams(@JsonProperty("Type") String type, @JsonProperty("Properties") JsonNode properties,
                                 @JsonProperty("Allocation") Allocation allocation) {
    }

    @JsonPropertyOrder({"Type", "Properties", "Spec", "Allocation", "Index"})
    public record PrepareParams(@JsonProperty("Type") String type, @JsonProperty("Properties") JsonNode properties,
                                @JsonProperty("Spec") InstanceSpec spec, @JsonProperty("Allocation") Allocation allocation,
                                @JsonProperty("Index") Index index) {
    }

    @JsonPropertyOrder({"Type", "Spec"})
    public record PrepareResult(@JsonProperty("Type") String type, @JsonProperty("Spec") InstanceSpec spec) {
    }

    /** Params of Healthy and Drain. */
    @JsonPropertyOrder({"Type", "Properties", "Instance"})
    public record InstanceParams(@JsonProperty("Type") String type, @JsonProperty("Properties") JsonNode properties,
                                 @JsonProperty("Instance") InstanceDescription instance) {
    }

    @JsonPropertyOrder({"Type", "Health"})
    public record HealthResult(@JsonProperty("Type") String type, @JsonProperty("Health") Health health) {
    }

    @JsonPropertyOrder({"Type", "OK"})
    public record OkResult(@JsonProperty("Type") String type, @JsonProperty("OK") boolean ok) {
    }

    private static final InstanceSpec ZERO_SPEC = new InstanceSpec(null, null, "", null, null);
    private static final Allocation ZERO_ALLOCATION = new Allocation(0, null);
    private static final InstanceDescription ZERO_INSTANCE = new InstanceDescription("", null, null, null);

    @Override
    public InterfaceSpec spec() {
        return InterfaceSpec.FLAVOR;
    }

    @Override
    public Class<FlavorPlugin> type() {
        return FlavorPlugin.class;
    }

    @Override
    public List<RpcMethod<FlavorPlugin, ?>> methods() {
        return List.of(
                RpcMethod.of("Flavor.Drain", InstanceParams.class,
                        (p, r) -> {
                            p.drain(r.properties(), instance(r.instance()));
                            return new OkResult(r.type(), true);
                        },
                        new InstanceParams("", null, ZERO_INSTANCE), new OkResult("", false)),
                RpcMethod.of("Flavor.Healthy", InstanceParams.class,
                        (p, r) -> new HealthResult(r.type(), p.healthy(r.properties(), instance(r.instance()))),
                        new InstanceParams("", null, ZERO_INSTANCE), new HealthResult("", Health.UNKNOWN)),
                RpcMethod.of("Flavor.Prepare", PrepareParams.class,
                        (p, r) -> new PrepareResult(r.type(), p.prepare(r.properties(),
                                r.spec() == null ? ZERO_SPEC : r.spec(),
                                r.allocation() == null ? ZERO_ALLOCATION : r.allocation(),
                                r.index() == null ? new Index("", 0) : r.index())),
                        new PrepareParams("", null, ZERO_SPEC, ZERO_ALLOCATION, new Index("", 0)), new PrepareResult("", ZERO_SPEC)),
                RpcMethod.of("Flavor.Validate", ValidateParams.class,
                        (p, r) -> {
                            p.validate(r.properties(), r.allocation() == null ? ZERO_ALLOCATION : r.allocation());
                            return new OkResult(r.type(), true);
                        },
                        new ValidateParams("", null, ZERO_ALLOCATION), new OkResult("", false)));
    }

    private static InstanceDescription instance(InstanceDescription d) {
        if (d == null) {
            throw new InvalidParamsException("\"Instance\" is missing: give the instance description {ID, LogicalID, Tags}");
        }
        return d;
    }

    @Override
    public FlavorPlugin client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** A {@link FlavorPlugin} behind a socket. */
    public static final class Client extends ClientProxy implements FlavorPlugin {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public void validate(JsonNode properties, Allocation allocation) {
            rpc.call("Flavor.Validate", new ValidateParams(addressee, properties, allocation), OkResult.class);
        }

        @Override
        public InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index) {
            return rpc.call("Flavor.Prepare", new PrepareParams(addressee, properties, spec, allocation, index),
                    PrepareResult.class).spec();
        }

        @Override
        public Health healthy(JsonNode properties, InstanceDescription instance) {
            Health h = rpc.call("Flavor.Healthy", new InstanceParams(addressee, properties, instance),
                    HealthResult.class).health();
            return h == null ? Health.UNKNOWN : h;
        }

        @Override
        public void drain(JsonNode properties, InstanceDescription instance) {
            rpc.call("Flavor.Drain", new InstanceParams(addressee, properties, instance), OkResult.class);
        }
    }
}
