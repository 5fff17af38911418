package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.List;
import java.util.Map;

/** Instance/0.6.1 on the wire: params and results in InfraKit's names and order. */
public final class InstanceRpc implements RpcInterface<InstancePlugin> {

    @JsonPropertyOrder({"Type", "Properties"})
    public record ValidateParams(@JsonProperty("Type") String type, @JsonProperty("Properties") JsonNode properties) {
    }

    @JsonPropertyOrder({"Type", "Spec"})
    public record ProvisionParams(@JsonProperty("Type") String type, @JsonProperty("Spec") InstanceSpec spec) {
    }

    @JsonPropertyOrder({"Type", "ID"})
    public record ProvisionResult(@JsonProperty("Type") String type, @JsonProperty("ID") String id) {
    }

    @JsonPropertyOrder({"Type", "Instance", "Labels"})
    public record LabelParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance,
                              @JsonProperty("Labels") Map<String, String> labels) {
    }

    @JsonPropertyOrder({"Type", "Instance", "Context"})
    public record DestroyParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance,
                                @JsonProperty("Context") DestroyContext context) {
    }

    @JsonPropertyOrder({"Type", "Tags", "Properties"})
    public record DescribeParams(@JsonProperty("Type") String type, @JsonProperty("Tags") Map<String, String> tags,
                                 @JsonProperty("Properties") boolean properties) {
    }

    @JsonPropertyOrder({"Type", "Descriptions"})
    public record DescribeResult(@JsonProperty("Type") String type,
                                 @JsonProperty("Descriptions") List<InstanceDescription> descriptions) {
    }

    /** The answer of Validate, Label and Destroy. */
    @JsonPropertyOrder({"Type", "OK"})
    public record OkResult(@JsonProperty("Type") String type, @JsonProperty("OK") boolean ok) {
    }

    private static final InstanceSpec ZERO_SPEC = new InstanceSpec(null, null, "", null, null);

    @Override
    public InterfaceSpec spec() {
        return InterfaceSpec.INSTANCE;
    }

    @Override
    public Class<InstancePlugin> type() {
        return InstancePlugin.class;
    }

    static final RpcMethod<InstancePlugin, DescribeParams> DESCRIBE_INSTANCES = RpcMethod.of("Instance.DescribeInstances", DescribeParams.class,
            (p, r) -> new DescribeResult(r.type(), p.describeInstances(r.tags() == null ? Map.of() : r.tags(), r.properties())),
            new DescribeParams("", null, false), new DescribeResult("", null));

    static final RpcMethod<InstancePlugin, DestroyParams> DESTROY = RpcMethod.of("Instance.Destroy", DestroyParams.class,
            (p, r) -> {
                p.destroy(required(r.instance(), "Instance"), r.context() == null ? new DestroyContext("") : r.context());
                return new OkResult(r.type(), true);
            },
            new DestroyParams("", "", new DestroyContext("")), new OkResult("", false));

    static final RpcMethod<InstancePlugin, LabelParams> LABEL = RpcMethod.of("Instance.Label", LabelParams.class,
            (p, r) -> {
                p.label(required(r.instance(), "Instance"), r.labels() == null ? Map.of() : r.labels());
                return new OkResult(r.type(), true);
            },
            new LabelParams("", "", null), new OkResult("", false));

    /** Not repeatable: a second delivery would make a second instance. */
    static final RpcMethod<InstancePlugin, ProvisionParams> PROVISION = RpcMethod.<InstancePlugin, ProvisionParams>of("Instance.Provision", ProvisionParams.class,
            (p, r) -> new ProvisionResult(r.type(), p.provision(r.spec() == null ? ZERO_SPEC : r.spec())),
            new ProvisionParams("", ZERO_SPEC), new ProvisionResult("", null)).notRepeatable();

    static final RpcMethod<InstancePlugin, ValidateParams> VALIDATE = RpcMethod.of("Instance.Validate", ValidateParams.class,
            (p, r) -> {
                p.validate(r.properties());
                return new OkResult(r.type(), true);
            },
            new ValidateParams("", null), new OkResult("", false));

    @Override
    public List<RpcMethod<InstancePlugin, ?>> methods() {
        return List.of(DESCRIBE_INSTANCES, DESTROY, LABEL, PROVISION, VALIDATE);
    }

    @Override
    public InstancePlugin client(RpcClient rpc, PluginName name) {
        // Also an InstanceChangeSource when the plugin serves InstanceEvents/0.1.0 (see there).
        return InstanceEventsRpc.watchable(new Client(rpc, name.type()), rpc, name.type());
    }

    static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new InvalidParamsException("\"" + field + "\" is missing or empty: give the instance ID");
        }
        return value;
    }

    /** An {@link InstancePlugin} behind a socket: object {@code type} of the plugin {@code rpc} talks to. */
    public static final class Client extends ClientProxy implements InstancePlugin {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public void validate(JsonNode properties) {
            VALIDATE.call(rpc, new ValidateParams(addressee, properties), OkResult.class);
        }

        @Override
        public String provision(InstanceSpec spec) {
            return PROVISION.call(rpc, new ProvisionParams(addressee, spec), ProvisionResult.class).id();
        }

        @Override
        public void label(String instanceId, Map<String, String> labels) {
            LABEL.call(rpc, new LabelParams(addressee, instanceId, labels), OkResult.class);
        }

        @Override
        public void destroy(String instanceId, DestroyContext context) {
            // Go always sends the struct: {"Reason":""} rather than null.
            DestroyContext ctx = context == null ? new DestroyContext("") : context;
            DESTROY.call(rpc, new DestroyParams(addressee, instanceId, ctx), OkResult.class);
        }

        @Override
        public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
            return orEmpty(DESCRIBE_INSTANCES.call(rpc,
                    new DescribeParams(addressee, tags, properties), DescribeResult.class).descriptions());
        }
    }
}
