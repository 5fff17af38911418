package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.InstanceTemplates;

import java.util.List;

/**
 * {@code InstanceTemplates/0.1.0}: our extension for deployments with a template output,
 * {@code Instance.CreateTemplate} {@code {Type, Instance, Properties}} answering
 * {@code {Type, Template}} (the reference later instances use as their base).
 */
public final class InstanceTemplatesRpc implements RpcInterface<InstanceTemplates> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("InstanceTemplates", "0.1.0");

    @JsonPropertyOrder({"Type", "Instance", "Properties"})
    public record CreateParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance,
                               @JsonProperty("Properties") JsonNode properties) {
    }

    @JsonPropertyOrder({"Type", "Template"})
    public record CreateResponse(@JsonProperty("Type") String type, @JsonProperty("Template") String template) {
    }

    /** Not repeatable: a second delivery would make a second template. */
    static final RpcMethod<InstanceTemplates, CreateParams> CREATE = RpcMethod.<InstanceTemplates, CreateParams>of(
            "Instance.CreateTemplate", CreateParams.class, (target, p) -> {
                if (p.instance() == null || p.instance().isEmpty()) {
                    throw new InvalidParamsException("\"Instance\" is missing or empty: give the instance ID");
                }
                JsonNode props = p.properties() == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : p.properties();
                return new CreateResponse(p.type(), target.createTemplate(p.instance(), props));
            }, new CreateParams("", "", null), new CreateResponse("", "")).notRepeatable();

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<InstanceTemplates> type() {
        return InstanceTemplates.class;
    }

    @Override
    public List<RpcMethod<InstanceTemplates, ?>> methods() {
        return List.of(CREATE);
    }

    @Override
    public InstanceTemplates client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** {@link InstanceTemplates} behind a socket. */
    public static final class Client extends ClientProxy implements InstanceTemplates {
        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public String createTemplate(String instanceId, JsonNode properties) {
            return CREATE.call(rpc, new CreateParams(addressee, instanceId, properties), CreateResponse.class).template();
        }
    }
}
