package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceFiles;
import org.libvirt.LibvirtException;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Whole files in and out of a guest through the QEMU guest agent: {@code guest-file-open}, then
 * {@code guest-file-write} or {@code guest-file-read} in chunks of {@link #CHUNK} bytes (base64 in
 * the agent's JSON, so each message stays small for libvirt and qemu-ga), then
 * {@code guest-file-close}, also after a failure. Bytes both ways.
 */
final class GuestFiles {

    /** One agent message's worth of file: 256 KiB (about 350 kB of base64). */
    static final int CHUNK = 256 * 1024;

    /** One agent command: the JSON request in, the JSON answer out (libvirt's qemuAgentCommand). */
    interface Channel {
        String call(String request) throws Exception;
    }

    private final ObjectMapper mapper;

    GuestFiles(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void write(Channel agent, String instanceId, String path, byte[] content, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String where = "write file " + path + " in " + instanceId;
        long handle = open(agent, where, path, "w");
        try {
            int at = 0;
            do {
                int n = Math.min(CHUNK, content.length - at);
                if (n == 0) {
                    break;
                }
                ObjectNode args = mapper.createObjectNode().put("handle", handle)
                        .put("buf-b64", Base64.getEncoder().encodeToString(Arrays.copyOfRange(content, at, at + n)));
                JsonNode r = call(agent, where, "guest-file-write", args);
                int written = r.path("count").asInt(-1);
                if (written <= 0) {
                    throw new PluginException(where + ": the guest agent wrote nothing (" + r + ")");
                }
                at += written;
                overdue(where, deadline, timeout);
            } while (at < content.length);
        } finally {
            close(agent, where, handle);
        }
    }

    byte[] read(Channel agent, String instanceId, String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String where = "read file " + path + " in " + instanceId;
        long handle = open(agent, where, path, "r");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                JsonNode r = call(agent, where, "guest-file-read", mapper.createObjectNode().put("handle", handle).put("count", CHUNK));
                String b64 = r.path("buf-b64").asText("");
                out.writeBytes(Base64.getDecoder().decode(b64));
                if (out.size() > InstanceFiles.MAX_BYTES) {
                    throw new PluginException(where + ": it is over the limit of " + InstanceFiles.MAX_BYTES + " bytes (8 MiB)");
                }
                if (r.path("eof").asBoolean(false) || r.path("count").asInt(0) == 0) {
                    return out.toByteArray();
                }
                overdue(where, deadline, timeout);
            }
        } finally {
            close(agent, where, handle);
        }
    }

    private long open(Channel agent, String where, String path, String mode) {
        JsonNode r = call(agent, where, "guest-file-open", mapper.createObjectNode().put("path", path).put("mode", mode));
        if (!r.canConvertToLong()) {
            throw new PluginException(where + ": the guest agent answered no file handle (" + r + ")");
        }
        return r.asLong();
    }

    private void close(Channel agent, String where, long handle) {
        try {
            call(agent, where, "guest-file-close", mapper.createObjectNode().put("handle", handle));
        } catch (PluginException ignored) {
            // the transfer's own outcome is what the caller needs; qemu-ga closes handles of a restarted agent
        }
    }

    private static void overdue(String where, long deadline, Duration timeout) {
        if (System.nanoTime() > deadline) {
            throw new PluginException(where + ": not done after " + timeout.toSeconds() + " s; give a longer timeout");
        }
    }

    /** One command; the agent's {@code return}, or its error in words (qemu-ga's own, e.g. "No such file or directory"). */
    private JsonNode call(Channel agent, String where, String command, ObjectNode args) {
        String answer;
        try {
            answer = agent.call(mapper.writeValueAsString(mapper.createObjectNode().put("execute", command).set("arguments", args)));
        } catch (LibvirtException e) {
            String m = e.getError() == null ? e.getMessage() : e.getError().getMessage();
            throw new PluginException(where + ": " + agentMessage(m), e);
        } catch (Exception e) {
            throw new PluginException(where + ": " + agentMessage(e.getMessage()), e);
        }
        JsonNode r;
        try {
            r = mapper.readTree(answer);
        } catch (Exception e) {
            throw new PluginException(where + ": the guest agent answered something that is not JSON");
        }
        if (r.has("error")) {
            throw new PluginException(where + ": " + r.path("error").path("desc").asText(r.path("error").toString()));
        }
        return r.path("return");
    }

    /** libvirt wraps the agent's words: "unable to execute QEMU agent command 'guest-file-open': failed to open ...". */
    static String agentMessage(String m) {
        if (m == null) {
            return "the guest agent failed";
        }
        int at = m.indexOf("': ");
        return m.contains("QEMU agent command") && at > 0 ? m.substring(at + 3) : m;
    }
}
