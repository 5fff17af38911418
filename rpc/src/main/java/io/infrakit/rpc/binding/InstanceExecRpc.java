package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;

import java.time.Duration;
import java.util.List;

/**
 * {@code InstanceExec/0.1.0}: our extension to InfraKit's protocol for running a command in an
 * instance ({@code Instance.Exec}). Served for any object implementing {@link InstanceExec}; InfraKit
 * clients that do not know it never see it (it is listed in the handshake only).
 */
public final class InstanceExecRpc implements RpcInterface<InstanceExec> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("InstanceExec", "0.1.0");
    public static final String METHOD = "Instance.Exec";

    /** {@code TimeoutSeconds} 0 or absent means {@link #DEFAULT_TIMEOUT}. */
    @JsonPropertyOrder({"Type", "Instance", "Command", "TimeoutSeconds"})
    public record ExecParams(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance,
                             @JsonProperty("Command") List<String> command, @JsonProperty("TimeoutSeconds") long timeoutSeconds) {
    }

    @JsonPropertyOrder({"Type", "Result"})
    public record ExecResponse(@JsonProperty("Type") String type, @JsonProperty("Result") ExecResult result) {
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<InstanceExec> type() {
        return InstanceExec.class;
    }

    /** Not repeatable: a second delivery would run the command twice. */
    static final RpcMethod<InstanceExec, ExecParams> EXEC = RpcMethod.<InstanceExec, ExecParams>of(METHOD, ExecParams.class, (target, p) -> {
        if (p.instance() == null || p.instance().isEmpty()) {
            throw new InvalidParamsException("\"Instance\" is missing or empty: give the instance ID");
        }
        if (p.command() == null || p.command().isEmpty()) {
            throw new InvalidParamsException("\"Command\" is missing or empty: give the program and its arguments, e.g. [\"/bin/sh\",\"-c\",\"uptime\"]");
        }
        if (p.timeoutSeconds() < 0) {
            throw new InvalidParamsException("\"TimeoutSeconds\" is " + p.timeoutSeconds() + ": give 0 (default 60) or more");
        }
        Duration timeout = p.timeoutSeconds() == 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(p.timeoutSeconds());
        return new ExecResponse(p.type(), target.exec(p.instance(), p.command(), timeout));
    }, new ExecParams("", "", List.of(), 0), new ExecResponse("", new ExecResult(0, "", ""))).notRepeatable();

    @Override
    public List<RpcMethod<InstanceExec, ?>> methods() {
        return List.of(EXEC);
    }

    @Override
    public InstanceExec client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** {@link InstanceExec} behind a socket. */
    public static final class Client extends ClientProxy implements InstanceExec {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
            return EXEC.call(rpc, new ExecParams(addressee, instanceId, command, timeout.toSeconds()), ExecResponse.class).result();
        }
    }
}
