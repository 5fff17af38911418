package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.RpcErrors;
import io.infrakit.rpc.RpcException;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code InstanceExec/0.1.0}: our extension to InfraKit's protocol for running a command in an
 * instance ({@code Instance.Exec}). Served for any object implementing {@link InstanceExec}; InfraKit
 * clients that do not know it never see it (it is listed in the handshake only).
 *
 * <p>Streamed: {@code Instance.ExecStart} (the same params) answers a {@code Handle} at once;
 * {@code Instance.ExecOutput {Handle, From}} answers the stdout written since offset {@code From}
 * (characters), the {@code Next} offset, and when {@code Done} the {@code Result} (or {@code Error});
 * it waits up to a second for something new. Clients fall back to {@code Instance.Exec} when a
 * plugin does not know these methods.
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
    public static final String START = "Instance.ExecStart";
    public static final String OUTPUT = "Instance.ExecOutput";

    @JsonPropertyOrder({"Type", "Handle"})
    public record StartResponse(@JsonProperty("Type") String type, @JsonProperty("Handle") String handle) {
    }

    @JsonPropertyOrder({"Type", "Handle", "From"})
    public record OutputParams(@JsonProperty("Type") String type, @JsonProperty("Handle") String handle, @JsonProperty("From") long from) {
    }

    @JsonPropertyOrder({"Type", "Stdout", "Next", "Done", "Result", "Error"})
    public record OutputResponse(@JsonProperty("Type") String type, @JsonProperty("Stdout") String stdout, @JsonProperty("Next") long next,
                                 @JsonProperty("Done") boolean done, @JsonProperty("Result") ExecResult result,
                                 @JsonProperty("Error") String error) {
    }

    /** Commands started by this server's {@code ExecStart}: one set per binding, so per daemon. */
    private final ExecSessions sessions = new ExecSessions();

    /** Not repeatable: a second delivery would start the command twice. */
    private final RpcMethod<InstanceExec, ExecParams> start = RpcMethod.<InstanceExec, ExecParams>of(START, ExecParams.class,
            (target, p) -> new StartResponse(p.type(), sessions.start(target, p.instance(), p.command(), checked(p))),
            new ExecParams("", "", List.of(), 0), new StartResponse("", "")).notRepeatable();

    /** Repeatable: reading from an offset changes nothing. */
    private final RpcMethod<InstanceExec, OutputParams> output = RpcMethod.<InstanceExec, OutputParams>of(OUTPUT, OutputParams.class,
            (target, p) -> {
                if (p.handle() == null || p.handle().isEmpty()) {
                    throw new InvalidParamsException("\"Handle\" is missing or empty: give the one Instance.ExecStart answered");
                }
                ExecSessions.Chunk c = sessions.output(p.handle(), p.from());
                return new OutputResponse(p.type(), c.stdout(), c.next(), c.done(), c.result(), c.error());
            }, new OutputParams("", "", 0), new OutputResponse("", "", 0, false, null, null));

    /** The params checked as {@code Instance.Exec} checks them; the timeout they give. */
    private static Duration checked(ExecParams p) {
        if (p.instance() == null || p.instance().isEmpty()) {
            throw new InvalidParamsException("\"Instance\" is missing or empty: give the instance ID");
        }
        if (p.command() == null || p.command().isEmpty()) {
            throw new InvalidParamsException("\"Command\" is missing or empty: give the program and its arguments, e.g. [\"/bin/sh\",\"-c\",\"uptime\"]");
        }
        if (p.timeoutSeconds() < 0) {
            throw new InvalidParamsException("\"TimeoutSeconds\" is " + p.timeoutSeconds() + ": give 0 (default 60) or more");
        }
        return p.timeoutSeconds() == 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(p.timeoutSeconds());
    }

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<InstanceExec> type() {
        return InstanceExec.class;
    }

    /** Not repeatable: a second delivery would run the command twice. */
    static final RpcMethod<InstanceExec, ExecParams> EXEC = RpcMethod.<InstanceExec, ExecParams>of(METHOD, ExecParams.class,
            (target, p) -> new ExecResponse(p.type(), target.exec(p.instance(), p.command(), checked(p))),
            new ExecParams("", "", List.of(), 0), new ExecResponse("", new ExecResult(0, "", ""))).notRepeatable();

    @Override
    public List<RpcMethod<InstanceExec, ?>> methods() {
        return List.of(EXEC, start, output);
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

        /** Streamed through ExecStart/ExecOutput; a plugin without them runs it through Instance.Exec. */
        @Override
        public ExecResult exec(String instanceId, List<String> command, Duration timeout, Consumer<String> stdout) {
            String handle;
            try {
                // Never resent: a second delivery would start the command twice (as the server's method says).
                handle = rpc.call(START, new ExecParams(addressee, instanceId, command, timeout.toSeconds()), StartResponse.class, false).handle();
            } catch (RpcException e) {
                if (e.code() != RpcErrors.METHOD_NOT_FOUND) {
                    throw e;
                }
                return InstanceExec.super.exec(instanceId, command, timeout, stdout);
            }
            long next = 0;
            while (true) {
                OutputResponse r = rpc.call(OUTPUT, new OutputParams(addressee, handle, next), OutputResponse.class, true);
                if (r.stdout() != null && !r.stdout().isEmpty()) {
                    stdout.accept(r.stdout());
                }
                next = r.next();
                if (r.done()) {
                    if (r.result() == null) {
                        throw new io.infrakit.spi.PluginException(r.error() == null ? "exec on " + instanceId + " failed" : r.error());
                    }
                    return r.result();
                }
            }
        }
    }
}
