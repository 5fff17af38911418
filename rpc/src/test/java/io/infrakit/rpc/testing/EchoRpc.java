package io.infrakit.rpc.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcMethod;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;

import java.util.List;

/**
 * A binding written the way another module would add one (the manager's Controller, a provider's
 * extension): a Java interface, wire records, server methods and a client proxy. Routed by "Name"
 * like Group and Controller; listed in META-INF/services for {@code RpcInterfaces.discover()}.
 */
public final class EchoRpc implements RpcInterface<EchoRpc.Echo> {

    public interface Echo {
        String echo(String text);
    }

    public record EchoParams(@JsonProperty("Name") String name, @JsonProperty("Text") String text) {
    }

    public record EchoResult(@JsonProperty("Name") String name, @JsonProperty("Text") String text) {
    }

    @Override
    public InterfaceSpec spec() {
        return new InterfaceSpec("Echo", "0.1.0");
    }

    @Override
    public Class<Echo> type() {
        return Echo.class;
    }

    @Override
    public List<RpcMethod<Echo, ?>> methods() {
        return List.of(RpcMethod.of("Echo.Say", EchoParams.class, (e, p) -> new EchoResult(p.name(), e.echo(p.text())),
                new EchoParams("", ""), new EchoResult("", "")));
    }

    @Override
    public String objectName(com.fasterxml.jackson.databind.JsonNode params) {
        return RpcInterface.objectFromName(params);
    }

    @Override
    public Echo client(RpcClient rpc, PluginName name) {
        return text -> rpc.call("Echo.Say", new EchoParams(name.toString(), text), EchoResult.class).text();
    }
}
