package io.infrakit.libvirt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Runs a program in a guest through the QEMU guest agent (channel {@code org.qemu.guest_agent.0}):
 * {@code guest-exec} starts it with output captured, {@code guest-exec-status} is polled until it
 * has exited. Nothing in the guest but qemu-ga is needed: no network, no SSH.
 */
final class GuestAgent {

    /** Seconds libvirt waits for the agent to answer one command. */
    private static final int AGENT_TIMEOUT_SECONDS = 10;
    private static final Duration POLL = Duration.ofMillis(200);

    record Command(@JsonProperty("execute") String execute,
                   @JsonProperty("arguments") @JsonInclude(JsonInclude.Include.NON_NULL) Object arguments) {
    }

    record ExecArguments(@JsonProperty("path") String path, @JsonProperty("arg") List<String> args,
                         @JsonProperty("capture-output") boolean captureOutput) {
    }

    record StatusArguments(@JsonProperty("pid") long pid) {
    }

    private final ObjectMapper mapper;

    GuestAgent(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ExecResult exec(Domain domain, String instanceId, List<String> command, Duration timeout) throws LibvirtException {
        if (command == null || command.isEmpty()) {
            throw new PluginException("exec on " + instanceId + ": no command given; e.g. -- /bin/sh -c 'uname -a'");
        }
        Instant deadline = Instant.now().plus(timeout);
        Command guestExec = new Command("guest-exec", new ExecArguments(command.get(0), command.subList(1, command.size()), true));
        JsonNode started;
        try {
            started = parse(instanceId, send(domain, guestExec));
        } catch (LibvirtException e) {
            Optional<ExecResult> notRun = notStarted(command.get(0), e.getError() == null ? e.getMessage() : e.getError().getMessage());
            if (notRun.isPresent()) {
                return notRun.get();
            }
            throw silent(instanceId, e);
        }
        long pid = started.path("return").path("pid").asLong(-1);
        if (pid < 0) {
            throw new PluginException("exec on " + instanceId + ": the guest agent answered without a pid: " + started);
        }
        while (true) {
            JsonNode status = call(domain, instanceId, new Command("guest-exec-status", new StatusArguments(pid))).path("return");
            if (status.path("exited").asBoolean(false)) {
                int exit = status.has("exitcode") ? status.path("exitcode").asInt()
                        : 128 + status.path("signal").asInt(0); // killed by a signal: shell convention
                return new ExecResult(exit, decode(status.path("out-data")), decode(status.path("err-data")));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new PluginException("exec on " + instanceId + ": '" + String.join(" ", command)
                        + "' still running after " + timeout.toSeconds() + " s (guest pid " + pid + "); give a longer --timeout");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("exec on " + instanceId + ": interrupted", e);
            }
        }
    }

    /** Starts a program with output captured ({@code guest-exec}): its pid, or -1 when the agent reports it missing or not executable. */
    long start(Domain domain, String instanceId, List<String> command) throws LibvirtException {
        Command guestExec = new Command("guest-exec", new ExecArguments(command.get(0), command.subList(1, command.size()), true));
        JsonNode started;
        try {
            started = parse(instanceId, send(domain, guestExec));
        } catch (LibvirtException e) {
            if (notStarted(command.get(0), e.getError() == null ? e.getMessage() : e.getError().getMessage()).isPresent()) {
                return -1;
            }
            throw silent(instanceId, e);
        }
        long pid = started.path("return").path("pid").asLong(-1);
        if (pid < 0) {
            throw new PluginException("exec on " + instanceId + ": the guest agent answered without a pid: " + started);
        }
        return pid;
    }

    /** {@code guest-exec-status}: its {@code return} object (exited, exitcode, out-data, err-data). */
    JsonNode status(Domain domain, String instanceId, long pid) {
        return call(domain, instanceId, new Command("guest-exec-status", new StatusArguments(pid))).path("return");
    }

    /** Any other agent command ({@code guest-file-read}, ...), its answer parsed. */
    JsonNode send(Domain domain, String execute, Object arguments) throws LibvirtException {
        return parse("", send(domain, new Command(execute, arguments)));
    }

    /**
     * What a shell reports when the agent could not start the program: exit 127 and "command not
     * found" when it does not exist, 126 when it is not executable (as Docker's exec does), so a
     * typo is not blamed on the guest agent. Empty when the agent's error says something else.
     *
     * @param agentError libvirt's message for the failed {@code guest-exec}, e.g. {@code unable to
     *                   execute QEMU agent command 'guest-exec': Failed to execute child process
     *                   "nope" (No such file or directory)}
     */
    static Optional<ExecResult> notStarted(String program, String agentError) {
        if (agentError == null || !agentError.contains("Failed to execute child process")) {
            return Optional.empty();
        }
        if (agentError.contains("No such file or directory")) {
            return Optional.of(new ExecResult(127, "", program + ": command not found\n"));
        }
        if (agentError.contains("Permission denied")) {
            return Optional.of(new ExecResult(126, "", program + ": permission denied (not executable)\n"));
        }
        return Optional.empty();
    }

    private JsonNode call(Domain domain, String instanceId, Command command) {
        try {
            return parse(instanceId, send(domain, command));
        } catch (LibvirtException e) {
            throw silent(instanceId, e);
        }
    }

    private String send(Domain domain, Command command) throws LibvirtException {
        String request;
        try {
            request = mapper.writeValueAsString(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return domain.qemuAgentCommand(request, AGENT_TIMEOUT_SECONDS, 0);
    }

    private static PluginException silent(String instanceId, LibvirtException e) {
        return new PluginException("exec on " + instanceId + ": the QEMU guest agent did not answer (" + e.getError().getMessage()
                + "); the domain needs a channel {Type: unix, Target: {Type: virtio, Name: org.qemu.guest_agent.0}} and qemu-ga running in the guest", e);
    }

    private JsonNode parse(String instanceId, String answer) {
        try {
            return mapper.readTree(answer);
        } catch (Exception e) {
            throw new PluginException("exec on " + instanceId + ": the guest agent answered something that is not JSON: " + answer, e);
        }
    }

    static String decode(JsonNode base64) {
        if (base64 == null || base64.isMissingNode() || base64.isNull()) {
            return "";
        }
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}
