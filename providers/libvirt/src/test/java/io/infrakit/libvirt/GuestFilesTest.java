package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GuestFiles} against a FAKE QEMU guest agent that speaks qemu-ga's guest-file-* JSON
 * (open, read, write, close, and its error answers) on this machine's files; the real agent is
 * covered by the QEMU tests.
 */
class GuestFilesTest {

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> commands = new ArrayList<>();
    private final Map<Long, RandomAccessFile> open = new HashMap<>();
    private long nextHandle = 1000;

    /** The fake agent: one JSON command in, one JSON answer out, as libvirt's qemuAgentCommand passes them. */
    private String agent(String request) throws IOException {
        JsonNode r = json.readTree(request);
        String cmd = r.path("execute").asText();
        JsonNode a = r.path("arguments");
        commands.add(cmd);
        switch (cmd) {
            case "guest-file-open" -> {
                Path p = Path.of(a.path("path").asText());
                String mode = a.path("mode").asText();
                if (mode.equals("r") && !Files.exists(p) || !Files.isDirectory(p.toAbsolutePath().getParent())) {
                    return "{\"error\":{\"class\":\"GenericError\",\"desc\":\"failed to open file '" + p + "' (mode: '" + mode
                            + "'): No such file or directory\"}}";
                }
                RandomAccessFile f = new RandomAccessFile(p.toFile(), mode.equals("r") ? "r" : "rw");
                if (mode.equals("w")) {
                    f.setLength(0);
                }
                open.put(++nextHandle, f);
                return "{\"return\":" + nextHandle + "}";
            }
            case "guest-file-write" -> {
                byte[] b = Base64.getDecoder().decode(a.path("buf-b64").asText());
                open.get(a.path("handle").asLong()).write(b);
                return "{\"return\":{\"count\":" + b.length + ",\"eof\":false}}";
            }
            case "guest-file-read" -> {
                byte[] b = new byte[a.path("count").asInt()];
                RandomAccessFile f = open.get(a.path("handle").asLong());
                int n = Math.max(0, f.read(b));
                boolean eof = f.getFilePointer() >= f.length();
                return "{\"return\":{\"count\":" + n + ",\"buf-b64\":\"" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, n))
                        + "\",\"eof\":" + eof + "}}";
            }
            case "guest-file-close" -> {
                open.remove(a.path("handle").asLong()).close();
                return "{\"return\":{}}";
            }
            default -> throw new IllegalStateException(cmd);
        }
    }

    @Test
    void aBinaryFileOverOneChunkGoesInAndComesOutInChunksAndEveryHandleIsClosed() throws Exception {
        GuestFiles files = new GuestFiles(json);
        byte[] blob = new byte[GuestFiles.CHUNK * 3 + 17];
        new Random(3).nextBytes(blob);
        Path p = dir.resolve("blob.bin");
        files.write(this::agent, "vm-1", p.toString(), blob, Duration.ofSeconds(10));
        assertThat(Files.readAllBytes(p)).isEqualTo(blob);
        assertThat(commands).containsExactly("guest-file-open", "guest-file-write", "guest-file-write", "guest-file-write",
                "guest-file-write", "guest-file-close");

        commands.clear();
        assertThat(files.read(this::agent, "vm-1", p.toString(), Duration.ofSeconds(10))).isEqualTo(blob);
        assertThat(commands).containsExactly("guest-file-open", "guest-file-read", "guest-file-read", "guest-file-read",
                "guest-file-read", "guest-file-close");
        assertThat(open).isEmpty();

        files.write(this::agent, "vm-1", p.toString(), new byte[0], Duration.ofSeconds(10)); // truncated, not appended
        assertThat(files.read(this::agent, "vm-1", p.toString(), Duration.ofSeconds(10))).isEmpty();
        assertThat(open).isEmpty();
    }

    @Test
    void theAgentsErrorsAndTheSizeLimitAreSaidInWords() throws Exception {
        GuestFiles files = new GuestFiles(json);
        assertThatThrownBy(() -> files.read(this::agent, "vm-1", "/no/such/file", Duration.ofSeconds(5)))
                .isInstanceOf(PluginException.class)
                .hasMessage("read file /no/such/file in vm-1: failed to open file '/no/such/file' (mode: 'r'): No such file or directory");
        // libvirt's wording around the agent's is taken off.
        assertThat(GuestFiles.agentMessage("internal error: unable to execute QEMU agent command 'guest-file-open': failed to open file"))
                .isEqualTo("failed to open file");

        Path big = dir.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(InstanceFiles.MAX_BYTES + 1L);
        }
        assertThatThrownBy(() -> files.read(this::agent, "vm-1", big.toString(), Duration.ofSeconds(30)))
                .hasMessage("read file " + big + " in vm-1: it is over the limit of 8388608 bytes (8 MiB)");
        assertThat(open).isEmpty();
    }
}
