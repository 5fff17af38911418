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
        JsonNode started = call(domain, instanceId, new Command("guest-exec",
                new ExecArguments(command.get(0), command.subList(1, command.size()), true)));
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

    private JsonNode call(Domain domain, String instanceId, Command command) throws LibvirtException {
        String request;
        try {
            request = mapper.writeValueAsString(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String answer;
        try {
            answer = domain.qemuAgentCommand(request, AGENT_TIMEOUT_SECONDS, 0);
        } catch (LibvirtException e) {
            throw new PluginException("exec on " + instanceId + ": the QEMU guest agent did not answer (" + e.getError().getMessage()
                    + "); the domain needs a channel {Type: unix, Target: {Type: virtio, Name: org.qemu.guest_agent.0}} and qemu-ga running in the guest", e);
        }
        try {
            return mapper.readTree(answer);
        } catch (Exception e) {
            throw new PluginException("exec on " + instanceId + ": the guest agent answered something that is not JSON: " + answer, e);
        }
    }

    private static String decode(JsonNode base64) {
        if (base64 == null || base64.isMissingNode() || base64.isNull()) {
            return "";
        }
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}
