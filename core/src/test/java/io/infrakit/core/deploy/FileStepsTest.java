package io.infrakit.core.deploy;

import io.infrakit.core.manager.store.FileVarStore;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upload and download steps through a plugin's InstanceFiles: over 64 KiB, binary downloads byte
 * for byte, and the command path's limit when a step cannot use them. The "instances" are
 * {@link LocalShellFake}'s; this test's files side reads and writes this machine's files (a fake).
 */
class FileStepsTest {

    @TempDir
    Path home;
    LocalShellFake fake;
    FileVarStore vars;
    final List<String> printed = new CopyOnWriteArrayList<>();
    final List<String> transfers = new CopyOnWriteArrayList<>();

    /** A fake InstanceFiles on local paths. */
    final InstanceFiles localFiles = new InstanceFiles() {
        @Override
        public void writeFile(String instanceId, String path, byte[] content, Duration timeout) {
            transfers.add("write " + path + " " + content.length);
            try {
                Files.write(Path.of(path), content);
            } catch (IOException e) {
                throw new PluginException("write " + path + ": " + e.getMessage());
            }
        }

        @Override
        public byte[] readFile(String instanceId, String path, Duration timeout) {
            transfers.add("read " + path);
            try {
                return Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                throw new PluginException("read file " + path + " in " + instanceId + ": no such file");
            }
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        fake = new LocalShellFake(Files.createDirectories(home.resolve("fake")));
        vars = new FileVarStore(home);
    }

    DeploymentFile file(String yaml) throws Exception {
        return DeploymentReader.parse("files.yml", DeploymentReaderTest.YAML.readTree(yaml), "files", k -> vars.get(k).isPresent());
    }

    DeploymentRunner runner(DeploymentFile f, InstanceFiles files) {
        return new DeploymentRunner(plugin -> new DeploymentRunner.Target(fake, fake, fake, files),
                vars, DeploymentRunner.folder(home, f), printed::add, Duration.ofSeconds(5));
    }

    @Test
    void largeUploadsAndBinaryDownloadsGoThroughInstanceFiles() throws Exception {
        Path g = home.resolve("guest");
        byte[] binary = new byte[200_000];
        new Random(5).nextBytes(binary);
        Files.createDirectories(g);
        Files.write(g.resolve("blob.bin"), binary);
        String big = "y".repeat(300_000);
        DeploymentFile f = file("""
                kind: deployment
                deployments:
                  - name: files
                    plugin: fake
                    steps:
                      - upload: {to: %s/sub/big.txt, content: %s}
                      - upload: {to: rel.txt, content: relative}
                        workdir: %s
                      - download: {from: %s/blob.bin, to: %s/local.bin}
                      - download: {from: rel.txt, to: %s/rel.copy}
                        workdir: %s
                        store: deployments/files/rel
                """.formatted(g, big, g, g, home, home, g));
        runner(f, localFiles).run(f, false);

        assertThat(Files.readString(g.resolve("sub/big.txt"))).isEqualTo(big); // its folder made first
        assertThat(Files.readString(g.resolve("rel.txt"))).isEqualTo("relative");
        assertThat(Files.readAllBytes(home.resolve("local.bin"))).isEqualTo(binary);
        assertThat(vars.get("deployments/files/rel").orElseThrow().value()).isEqualTo("relative");
        assertThat(transfers).containsExactly("write " + g + "/sub/big.txt 300000", "write " + g + "/rel.txt 8",
                "read " + g + "/blob.bin", "read " + g + "/rel.txt");
        assertThat(printed).contains("    | 200000 bytes to " + home.resolve("local.bin"));
    }

    @Test
    void anUploadFromALocalFileCopiesItsBytesAndIsCheckedBeforeAnythingRuns() throws Exception {
        Path g = Files.createDirectories(home.resolve("guest"));
        byte[] binary = new byte[2 * 1024 * 1024];
        new Random(9).nextBytes(binary);
        Path local = home.resolve("tool.bin");
        Files.write(local, binary);
        DeploymentFile f = file("""
                kind: deployment
                deployments:
                  - name: files
                    plugin: fake
                    steps:
                      - upload: {from: %s, to: %s/bin/tool}
                """.formatted(local, g));
        runner(f, localFiles).run(f, false);
        assertThat(Files.readAllBytes(g.resolve("bin/tool"))).isEqualTo(binary);
        assertThat(runner(f, localFiles).describe(f)).anySatisfy(l -> assertThat(l).contains("local file " + local + " to " + g + "/bin/tool"));

        // Without InstanceFiles a file cannot travel: said at that step.
        DeploymentFile f2 = file("""
                kind: deployment
                name: other
                deployments:
                  - name: files
                    plugin: fake
                    steps:
                      - upload: {from: %s, to: /tmp/tool}
                """.formatted(local));
        assertThatThrownBy(() -> runner(f2, null).run(f2, false)).isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("'upload.from' copies a file, which plugin 'fake' cannot do (it serves no InstanceFiles)");

        // A missing local file, and both content and from, are refused when the file is read.
        assertThatThrownBy(() -> file("""
                kind: deployment
                deployments:
                  - name: files
                    plugin: fake
                    steps:
                      - upload: {from: %s/nope, to: /tmp/x}
                      - upload: {from: %s, content: x, to: /tmp/x}
                """.formatted(home, local)))
                .hasMessageContaining("'upload.from' '" + home + "/nope' is not a file on this machine")
                .hasMessageContaining("'upload' has both 'content' and 'from': give the text, or a local file to copy");
    }

    @Test
    void withoutInstanceFilesAnUploadOverSixtyFourKibStopsWithTheReasonAndTheFileLimitIsEightMib() throws Exception {
        DeploymentFile f = file("""
                kind: deployment
                deployments:
                  - name: files
                    plugin: fake
                    steps:
                      - upload: {to: /tmp/x, content: %s}
                """.formatted("z".repeat(70_000)));
        assertThatThrownBy(() -> runner(f, null).run(f, false)).isInstanceOf(DeploymentFailedException.class)
                .hasMessageStartingWith("deployment 'files' step 1 'step 1' on instance inst-1: 'upload.content' is 70000 characters,"
                        + " over the 65536 a command line carries (plugin 'fake' cannot copy files)");

        // Built as a tree: files of specs are read up to 1 MiB, so only an upload.from reaches this size in practice.
        var doc = DeploymentReaderTest.YAML.createObjectNode().put("kind", "deployment");
        doc.putArray("deployments").addObject().put("name", "files").put("plugin", "fake").putArray("steps").addObject()
                .putObject("upload").put("to", "/tmp/x").put("content", "z".repeat(InstanceFiles.MAX_BYTES + 1));
        assertThatThrownBy(() -> DeploymentReader.parse("files.yml", doc, "files", k -> false))
                .hasMessageContaining("'upload.content' is 8388609 bytes; at most 8388608 (8 MiB) are copied: put larger files in the base image");
    }
}
