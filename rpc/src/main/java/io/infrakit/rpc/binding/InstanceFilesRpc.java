package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.InstanceFiles;

import java.time.Duration;
import java.util.List;

/**
 * {@code InstanceFiles/0.1.0}: our extension for copying files into and out of instances, bytes
 * as base64 in JSON: {@code Instance.WriteFile {Type, Instance, Path, Content, TimeoutSeconds}}
 * answering {@code {Type}}, and {@code Instance.ReadFile {Type, Instance, Path, TimeoutSeconds}}
 * answering {@code {Type, Content}}. At most {@link InstanceFiles#MAX_BYTES} a file.
 */
public final class InstanceFilesRpc implements RpcInterface<InstanceFiles> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("InstanceFiles", "0.1.0");

    @JsonPropertyOrder({"Type", "Instance", "Path", "Content", "TimeoutSeconds"})
    public record WriteParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance,
                              @JsonProperty("Path") String path, @JsonProperty("Content") byte[] content,
                              @JsonProperty("TimeoutSeconds") long timeoutSeconds) {
    }

    @JsonPropertyOrder({"Type", "Instance", "Path", "TimeoutSeconds"})
    public record ReadParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance,
                             @JsonProperty("Path") String path, @JsonProperty("TimeoutSeconds") long timeoutSeconds) {
    }

    public record WriteResponse(@JsonProperty("Type") String type) {
    }

    @JsonPropertyOrder({"Type", "Content"})
    public record ReadResponse(@JsonProperty("Type") String type, @JsonProperty("Content") byte[] content) {
    }

    private static void check(String instance, String path, long timeoutSeconds) {
        if (instance == null || instance.isEmpty()) {
            throw new InvalidParamsException("\"Instance\" is missing or empty: give the instance ID");
        }
        if (path == null || path.isEmpty()) {
            throw new InvalidParamsException("\"Path\" is missing or empty: give the file's path in the instance");
        }
        if (timeoutSeconds < 0) {
            throw new InvalidParamsException("\"TimeoutSeconds\" is " + timeoutSeconds + ": give 0 (default 60) or more");
        }
    }

    private static Duration timeout(long seconds) {
        return seconds == 0 ? InstanceExecRpc.DEFAULT_TIMEOUT : Duration.ofSeconds(seconds);
    }

    /** Repeatable: writing the same bytes again gives the same file. */
    static final RpcMethod<InstanceFiles, WriteParams> WRITE = RpcMethod.<InstanceFiles, WriteParams>of("Instance.WriteFile", WriteParams.class,
            (target, p) -> {
                check(p.instance(), p.path(), p.timeoutSeconds());
                byte[] content = p.content() == null ? new byte[0] : p.content();
                if (content.length > InstanceFiles.MAX_BYTES) {
                    throw new InvalidParamsException("\"Content\" has " + content.length + " bytes, over the limit of "
                            + InstanceFiles.MAX_BYTES + " (8 MiB): put larger files in the base image");
                }
                target.writeFile(p.instance(), p.path(), content, timeout(p.timeoutSeconds()));
                return new WriteResponse(p.type());
            }, new WriteParams("", "", "", new byte[0], 0), new WriteResponse(""));

    static final RpcMethod<InstanceFiles, ReadParams> READ = RpcMethod.<InstanceFiles, ReadParams>of("Instance.ReadFile", ReadParams.class,
            (target, p) -> {
                check(p.instance(), p.path(), p.timeoutSeconds());
                return new ReadResponse(p.type(), target.readFile(p.instance(), p.path(), timeout(p.timeoutSeconds())));
            }, new ReadParams("", "", "", 0), new ReadResponse("", new byte[0]));

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<InstanceFiles> type() {
        return InstanceFiles.class;
    }

    @Override
    public List<RpcMethod<InstanceFiles, ?>> methods() {
        return List.of(WRITE, READ);
    }

    @Override
    public InstanceFiles client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** {@link InstanceFiles} behind a socket. */
    public static final class Client extends ClientProxy implements InstanceFiles {
        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public void writeFile(String instanceId, String path, byte[] content, Duration timeout) {
            WRITE.call(rpc, new WriteParams(addressee, instanceId, path, content, timeout.toSeconds()), WriteResponse.class);
        }

        @Override
        public byte[] readFile(String instanceId, String path, Duration timeout) {
            byte[] b = READ.call(rpc, new ReadParams(addressee, instanceId, path, timeout.toSeconds()), ReadResponse.class).content();
            return b == null ? new byte[0] : b;
        }
    }
}
