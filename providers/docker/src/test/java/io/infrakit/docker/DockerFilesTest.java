package io.infrakit.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** InstanceFiles on a real Docker engine: bytes both ways through the archive API, over 64 KiB, and its errors. */
class DockerFilesTest extends OnDockerEngine {

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private DockerInstancePlugin plugin;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        plugin = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(2))
                .withLabelFile(home.resolve("labels.json")));
    }

    @AfterEach
    void cleanUp() throws Exception {
        plugin.close();
        DockerTestEngine.removeAll(docker, run);
    }

    @Test
    void binaryFilesOverSixtyFourKibGoInAndComeOutByteForByte() throws Exception {
        ObjectNode p = json.createObjectNode();
        p.putObject("Config").put("Image", DockerTestEngine.IMAGE_1);
        p.putObject("Tags").put(DockerTestEngine.TEST_LABEL, run);
        String id = plugin.provision(new InstanceSpec(p, Map.of(), null, null, null));

        byte[] blob = new byte[3 * 1024 * 1024 + 5];
        new Random(11).nextBytes(blob);
        plugin.writeFile(id, "/tmp/blob.bin", blob, Duration.ofSeconds(30));
        String md5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(blob));
        assertThat(plugin.exec(id, List.of("md5sum", "/tmp/blob.bin"), Duration.ofSeconds(20)).stdout()).startsWith(md5);
        assertThat(plugin.readFile(id, "/tmp/blob.bin", Duration.ofSeconds(30))).isEqualTo(blob);

        // Replaced, not appended; an empty file is a file.
        plugin.writeFile(id, "/tmp/blob.bin", new byte[0], Duration.ofSeconds(30));
        assertThat(plugin.readFile(id, "/tmp/blob.bin", Duration.ofSeconds(30))).isEmpty();

        assertThatThrownBy(() -> plugin.readFile(id, "/tmp/missing", Duration.ofSeconds(5))).isInstanceOf(PluginException.class)
                .hasMessage("read file /tmp/missing in " + docker.inspectContainerCmd(id).exec().getId() + ": no such file in the container");
        assertThatThrownBy(() -> plugin.readFile(id, "/tmp", Duration.ofSeconds(5))).hasMessageEndingWith(": it is a folder");
        assertThatThrownBy(() -> plugin.writeFile(id, "/no/such/dir/f", new byte[1], Duration.ofSeconds(5)))
                .hasMessageEndingWith("folder /no/such/dir does not exist in the container");
        assertThatThrownBy(() -> plugin.writeFile(id, "relative", new byte[1], Duration.ofSeconds(5)))
                .hasMessageContaining("'relative' is not an absolute path to a file");
    }
}
