package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarValue;

import java.util.List;
import java.util.Optional;

/**
 * {@code MetadataUpdate/0.1.0}: our writes to the {@link MetadataRpc} tree (InfraKit's own
 * {@code Updatable} was a two-call change/commit we do not copy). {@code Metadata.Put}
 * {@code {Name, Path, Value, Version}} answers {@code {Name, Version}}: {@code Version} is the
 * expected current version (0: must not exist; -1 or absent: any), and the answer the new one.
 * A lost race is error -32000 naming the key and both versions. {@code Metadata.Remove}
 * {@code {Name, Path}} answers {@code {Name, Removed}}.
 */
public final class MetadataUpdateRpc implements NameRoutedRpcInterface<UpdatableMetadata> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("MetadataUpdate", "0.1.0");

    @JsonPropertyOrder({"Name", "Path", "Value", "Version"})
    public record PutParams(@JsonProperty("Name") String name, @JsonProperty("Path") String path,
                            @JsonProperty("Value") JsonNode value, @JsonProperty("Version") Long version) {
    }

    @JsonPropertyOrder({"Name", "Version"})
    public record PutResult(@JsonProperty("Name") String name, @JsonProperty("Version") long version) {
    }

    @JsonPropertyOrder({"Name", "Removed"})
    public record RemoveResult(@JsonProperty("Name") String name, @JsonProperty("Removed") boolean removed) {
    }

    /** Not repeatable: a resent compare-and-swap would report its own first write as a conflict. */
    static final RpcMethod<UpdatableMetadata, PutParams> PUT = RpcMethod.<UpdatableMetadata, PutParams>of("Metadata.Put", PutParams.class,
            (m, p) -> {
                String key = MetadataRpc.checked(p.path(), true);
                if (p.value() == null || p.value().isNull()) {
                    throw new InvalidParamsException("\"Value\" is missing for '" + key + "': give a string (use Metadata.Remove to delete)");
                }
                long expected = p.version() == null ? UpdatableMetadata.ANY_VERSION : p.version();
                if (expected < UpdatableMetadata.ANY_VERSION) {
                    throw new InvalidParamsException("\"Version\" is " + expected + ": give the version read, 0 for a new key, or -1 for any");
                }
                String text = p.value().isTextual() ? p.value().asText() : p.value().toString();
                return new PutResult(p.name(), m.put(key, text, expected));
            },
            new PutParams("", "deployments/swarm/jointoken", null, -1L), new PutResult("", 1)).notRepeatable();

    static final RpcMethod<UpdatableMetadata, MetadataRpc.PathParams> REMOVE = RpcMethod.<UpdatableMetadata, MetadataRpc.PathParams>of(
            "Metadata.Remove", MetadataRpc.PathParams.class,
            (m, p) -> new RemoveResult(p.name(), m.remove(MetadataRpc.checked(p.path(), true))),
            new MetadataRpc.PathParams("", "deployments/swarm/jointoken"), new RemoveResult("", true));

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<UpdatableMetadata> type() {
        return UpdatableMetadata.class;
    }

    @Override
    public List<RpcMethod<UpdatableMetadata, ?>> methods() {
        return List.of(PUT, REMOVE);
    }

    @Override
    public UpdatableMetadata client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.toString());
    }

    /** The whole store behind a socket: reads through {@link MetadataRpc}, writes through this binding. */
    public static final class Client extends ClientProxy implements UpdatableMetadata {
        private final MetadataRpc.Client reads;

        public Client(RpcClient rpc, String name) {
            super(rpc, name);
            this.reads = new MetadataRpc.Client(rpc, name);
        }

        @Override
        public List<String> keys(String path) {
            return reads.keys(path);
        }

        @Override
        public Optional<VarValue> get(String path) {
            return reads.get(path);
        }

        @Override
        public long put(String path, String value, long expectedVersion) {
            return PUT.call(rpc, new PutParams(addressee, path, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(value),
                    expectedVersion), PutResult.class).version();
        }

        @Override
        public boolean remove(String path) {
            return REMOVE.call(rpc, new MetadataRpc.PathParams(addressee, path), RemoveResult.class).removed();
        }
    }
}
