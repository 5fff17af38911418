package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.event.EventPlugin;

import java.util.ArrayList;
import java.util.List;

/**
 * InfraKit's {@code Event/0.1.0}: {@code Event.List} names the child topics of a topic; the events
 * themselves are followed with {@code GET /events?topic=T} on the same socket, a stream of
 * server-sent events ({@code io.infrakit.rpc.server.EventStream}), as InfraKit's broker served them.
 * {@code Topic} is a path, sent as a string ({@code "group/workers"}) or as InfraKit's list of
 * names ({@code ["group","workers"]}).
 */
public final class EventRpc implements RpcInterface<EventPlugin> {

    public static final String LIST = "Event.List";

    @JsonPropertyOrder({"Type", "Topic"})
    public record ListParams(@JsonProperty("Type") String type, @JsonProperty("Topic") JsonNode topic) {
    }

    public record ListResult(@JsonProperty("Nodes") List<String> nodes) {
    }

    @Override
    public InterfaceSpec spec() {
        return EventPlugin.SPEC;
    }

    @Override
    public Class<EventPlugin> type() {
        return EventPlugin.class;
    }

    /** The topic of a request: a string, a list of names joined by "/", or the root when absent. */
    static String topic(JsonNode node) throws InvalidParamsException {
        if (node == null || node.isNull()) {
            return ".";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new InvalidParamsException("\"Topic\" has " + n + " among its names: give a path as text, e.g. \"group/workers\"");
                }
                parts.add(n.asText());
            }
            return parts.isEmpty() ? "." : String.join("/", parts);
        }
        throw new InvalidParamsException("\"Topic\" is " + node + ": give a path as text, e.g. \"group/workers\" (\".\" for the root)");
    }

    static final RpcMethod<EventPlugin, ListParams> LIST_METHOD = RpcMethod.of(LIST, ListParams.class,
            (target, p) -> new ListResult(target.list(topic(p.topic()))),
            new ListParams("", JsonNodeFactory.instance.textNode(".")), new ListResult(List.of("group")));

    @Override
    public List<RpcMethod<EventPlugin, ?>> methods() {
        return List.of(LIST_METHOD);
    }

    @Override
    public EventPlugin client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** {@link EventPlugin} behind a socket. Following its events is a stream: {@code GET /events?topic=T} on the socket. */
    public static final class Client extends ClientProxy implements EventPlugin {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public List<String> list(String topic) {
            return orEmpty(LIST_METHOD.call(rpc, new ListParams(addressee, JsonNodeFactory.instance.textNode(topic)),
                    ListResult.class).nodes());
        }

    }
}
