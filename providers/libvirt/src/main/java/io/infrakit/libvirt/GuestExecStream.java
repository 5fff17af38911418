package io.infrakit.libvirt;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A guest command whose stdout is handed over while it runs. qemu-ga returns a command's output
 * only once it has exited, so the command's stdout goes to a file in the guest ({@code /tmp}) under
 * {@code /bin/sh}, and that file is read with {@code guest-file-read} between status polls; stderr
 * is captured by the agent as usual. The file is removed when the command has ended.
 */
final class GuestExecStream {

    private static final Duration POLL = Duration.ofMillis(300);
    private static final int READ_SIZE = 64 * 1024;

    record OpenArguments(@JsonProperty("path") String path, @JsonProperty("mode") String mode) {
    }

    record ReadArguments(@JsonProperty("handle") long handle, @JsonProperty("count") int count) {
    }

    record HandleArguments(@JsonProperty("handle") long handle) {
    }

    private final GuestAgent agent;

    GuestExecStream(GuestAgent agent) {
        this.agent = agent;
    }

    ExecResult exec(Domain domain, String instanceId, List<String> command, Duration timeout, Consumer<String> stdout) throws LibvirtException {
        if (command == null || command.isEmpty()) {
            throw new PluginException("exec on " + instanceId + ": no command given; e.g. -- /bin/sh -c 'uname -a'");
        }
        String file = "/tmp/infrakit-exec-" + UUID.randomUUID() + ".out";
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "f=$1; shift; exec \"$@\" > \"$f\"", "sh", file));
        wrapped.addAll(command);
        Instant deadline = Instant.now().plus(timeout);
        long pid = agent.start(domain, instanceId, wrapped);
        if (pid < 0) {
            return GuestAgent.notStarted("/bin/sh", "Failed to execute child process \"/bin/sh\" (No such file or directory)").orElseThrow();
        }
        Utf8Pieces pieces = new Utf8Pieces(stdout);
        Long handle = null;
        try {
            while (true) {
                JsonNode status = agent.status(domain, instanceId, pid);
                boolean exited = status.path("exited").asBoolean(false);
                if (handle == null) {
                    handle = open(domain, file); // the shell makes the file as it starts: may not be there yet
                }
                if (handle != null) {
                    drain(domain, instanceId, handle, pieces);
                }
                if (exited) {
                    pieces.flush();
                    int exit = status.has("exitcode") ? status.path("exitcode").asInt() : 128 + status.path("signal").asInt(0);
                    return new ExecResult(exit, pieces.all(), GuestAgent.decode(status.path("err-data")));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new PluginException("exec on " + instanceId + ": '" + String.join(" ", command)
                            + "' still running after " + timeout.toSeconds() + " s (guest pid " + pid + "); give a longer --timeout");
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("exec on " + instanceId + ": interrupted", e);
        } finally {
            cleanUp(domain, handle, file);
        }
    }

    private Long open(Domain domain, String file) {
        try {
            return agent.send(domain, "guest-file-open", new OpenArguments(file, "r")).path("return").asLong();
        } catch (LibvirtException | PluginException e) {
            return null;
        }
    }

    private void drain(Domain domain, String instanceId, long handle, Utf8Pieces pieces) {
        while (true) {
            JsonNode r;
            try {
                r = agent.send(domain, "guest-file-read", new ReadArguments(handle, READ_SIZE)).path("return");
            } catch (LibvirtException e) {
                throw new PluginException("exec on " + instanceId + ": reading the command's output in the guest failed: "
                        + LibvirtInstancePlugin.message(e), e);
            }
            if (r.path("count").asInt(0) == 0) {
                return;
            }
            pieces.add(Base64.getDecoder().decode(r.path("buf-b64").asText("")));
        }
    }

    /** Best effort: the output file is closed and removed; a guest that stopped answering keeps it in /tmp. */
    private void cleanUp(Domain domain, Long handle, String file) {
        try {
            if (handle != null) {
                agent.send(domain, "guest-file-close", new HandleArguments(handle));
            }
            agent.start(domain, "", List.of("/bin/rm", "-f", file));
        } catch (LibvirtException | RuntimeException e) {
            // the command's outcome stands; a stray file in /tmp is harmless
        }
    }

    /** Bytes read in pieces, handed over as text without splitting a UTF-8 character. */
    static final class Utf8Pieces {
        private final Consumer<String> out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final StringBuilder all = new StringBuilder();

        Utf8Pieces(Consumer<String> out) {
            this.out = out;
        }

        void add(byte[] bytes) {
            pending.writeBytes(bytes);
            byte[] b = pending.toByteArray();
            int cut = completeUpTo(b);
            emit(new String(b, 0, cut, StandardCharsets.UTF_8));
            pending.reset();
            pending.write(b, cut, b.length - cut);
        }

        void flush() {
            emit(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }

        String all() {
            return all.toString();
        }

        private void emit(String text) {
            if (!text.isEmpty()) {
                all.append(text);
                out.accept(text);
            }
        }

        /** The length of the longest prefix that does not end inside a UTF-8 sequence. */
        static int completeUpTo(byte[] b) {
            for (int back = 1; back <= Math.min(3, b.length); back++) {
                int x = b[b.length - back] & 0xff;
                if ((x & 0xc0) == 0x80) {
                    continue; // a continuation byte: look further back for the lead
                }
                int need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
                return need > back ? b.length - back : b.length;
            }
            return b.length;
        }
    }
}
