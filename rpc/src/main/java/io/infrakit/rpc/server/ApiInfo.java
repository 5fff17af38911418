package io.infrakit.rpc.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcMethod;

import java.util.List;

/** The document InfraKit serves at {@code GET /info/api.json}: interfaces with an example call of each method. */
@JsonPropertyOrder({"Vendor", "Implements", "Interfaces"})
public record ApiInfo(@JsonProperty("Vendor") Object vendor,
                      @JsonProperty("Implements") List<Spec> implementsList,
                      @JsonProperty("Interfaces") List<Interface> interfaces) {

    /** The example id InfraKit uses (any string will do). */
    static final String EXAMPLE_ID = "1";

    @JsonPropertyOrder({"Name", "Version", "Sub"})
    public record Spec(@JsonProperty("Name") String name, @JsonProperty("Version") String version, @JsonProperty("Sub") String sub) {
    }

    @JsonPropertyOrder({"Name", "Version", "Sub", "Methods"})
    public record Interface(@JsonProperty("Name") String name, @JsonProperty("Version") String version,
                            @JsonProperty("Sub") String sub, @JsonProperty("Methods") List<Method> methods) {
    }

    @JsonPropertyOrder({"Request", "Response"})
    public record Method(@JsonProperty("Request") Request request, @JsonProperty("Response") Response response) {
    }

    @JsonPropertyOrder({"jsonrpc", "method", "params", "id"})
    public record Request(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("method") String method,
                          @JsonProperty("params") Object params, @JsonProperty("id") String id) {
    }

    @JsonPropertyOrder({"result", "id"})
    public record Response(@JsonProperty("result") Object result, @JsonProperty("id") String id) {
    }

    static ApiInfo of(List<RpcInterface<?>> served) {
        List<Spec> specs = served.stream().map(i -> new Spec(i.spec().name(), i.spec().version(), "")).toList();
        List<Interface> interfaces = served.stream().map(i -> new Interface(i.spec().name(), i.spec().version(), "",
                i.methods().stream().map(ApiInfo::method).toList())).toList();
        return new ApiInfo(null, specs, interfaces);
    }

    private static Method method(RpcMethod<?, ?> m) {
        return new Method(new Request("2.0", m.name(), m.exampleParams(), EXAMPLE_ID), new Response(m.exampleResult(), EXAMPLE_ID));
    }
}
