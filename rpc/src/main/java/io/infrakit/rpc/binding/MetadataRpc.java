package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.metadata.Metadata;
import io.infrakit.spi.metadata.VarPaths;
import io.infrakit.spi.metadata.VarValue;

import java.util.List;
import java.util.Optional;

/**
 * InfraKit's {@code Metadata/0.1.1}: {@code Metadata.Keys} and {@code Metadata.Get}, params
 * {@code {Name, Path}} ({@code Path} "." or "" is the root), answers {@code {Name, Nodes}} and
 * {@code {Name, Value}} ({@code null} when unset). Requests name their object in {@code Name}
 * ({@code group/vars} on the manager's socket), as InfraKit's do. We add {@code Version} to the
 * answer of Get, for compare-and-swap writes through {@link MetadataUpdateRpc}.
 */
public final class MetadataRpc implements NameRoutedRpcInterface<Metadata> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("Metadata", "0.1.1");

    @JsonPropertyOrder({"Name", "Path"})
    public record PathParams(@JsonProperty("Name") String name, @JsonProperty("Path") String path) {
    }

    @JsonPropertyOrder({"Name", "Nodes"})
    public record KeysResult(@JsonProperty("Name") String name, @JsonProperty("Nodes") List<String> nodes) {
    }

    @JsonPropertyOrder({"Name", "Value", "Version"})
    public record GetResult(@JsonProperty("Name") String name, @JsonProperty("Value") JsonNode value,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("Version") long version) {
    }

    static final RpcMethod<Metadata, PathParams> KEYS = RpcMethod.<Metadata, PathParams>of("Metadata.Keys", PathParams.class,
            (m, p) -> new KeysResult(p.name(), m.keys(checked(p.path(), false))),
            new PathParams("", "."), new KeysResult("", null));

    static final RpcMethod<Metadata, PathParams> GET = RpcMethod.<Metadata, PathParams>of("Metadata.Get", PathParams.class,
            (m, p) -> {
                if (VarPaths.isRoot(p.path())) {
                    return new GetResult(p.name(), null, 0); // InfraKit answers the root with no value
                }
                Optional<VarValue> v = m.get(checked(p.path(), true));
                return new GetResult(p.name(), v.map(x -> (JsonNode) JsonNodeFactory.instance.textNode(x.value())).orElse(null),
                        v.map(VarValue::version).orElse(0L));
            },
            new PathParams("", "."), new GetResult("", null, 0));

    /** The path, or a refusal naming it (bad input reaches no store). */
    static String checked(String path, boolean key) throws InvalidParamsException {
        try {
            return key ? VarPaths.key(path) : String.join("/", VarPaths.segments(path));
        } catch (IllegalArgumentException e) {
            throw new InvalidParamsException("\"Path\": " + e.getMessage());
        }
    }

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<Metadata> type() {
        return Metadata.class;
    }

    @Override
    public List<RpcMethod<Metadata, ?>> methods() {
        return List.of(KEYS, GET);
    }

    @Override
    public Metadata client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.toString());
    }

    /** {@link Metadata} behind a socket; requests carry {@code Name} = the plugin name addressed (e.g. group/vars). */
    public static final class Client extends ClientProxy implements Metadata {
        public Client(RpcClient rpc, String name) {
            super(rpc, name);
        }

        @Override
        public List<String> keys(String path) {
            return orEmpty(KEYS.call(rpc, new PathParams(addressee, path), KeysResult.class).nodes());
        }

        @Override
        public Optional<VarValue> get(String path) {
            GetResult r = GET.call(rpc, new PathParams(addressee, path), GetResult.class);
            if (r.value() == null || r.value().isNull()) {
                return Optional.empty();
            }
            return Optional.of(new VarValue(r.value().isTextual() ? r.value().asText() : r.value().toString(), r.version()));
        }
    }
}
