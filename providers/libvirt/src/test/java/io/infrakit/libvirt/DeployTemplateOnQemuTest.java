package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.deploy.DeploymentFile;
import io.infrakit.core.deploy.DeploymentReader;
import io.infrakit.core.deploy.DeploymentRunner;
import io.infrakit.core.manager.store.FileVarStore;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.metadata.VarValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template must-show on real QEMU guests (software emulation): examples/deployments/template-qemu.yml,
 * run by the same runner as {@code infrakit deploy}, against this plugin in-process. A build
 * deployment boots the test guest from its root disk (a clone of the base image), writes a file,
 * makes a package-like change and a marker, and becomes a new volume; two instances then boot from
 * that volume (at once), each sees the marker, and the key the build stored is in their commands.
 */
class DeployTemplateOnQemuTest {

    static final String TEMPLATE_VOLUME = "infrakit-test-built.qcow2";
    static final Path EXAMPLE = Specs.repoRoot().resolve("examples/deployments/template-qemu.yml");

    private static Connect connect;
    private static LibvirtInstancePlugin plugin;

    @BeforeAll
    static void start() throws Exception {
        connect = QemuGuests.connectOrSkip();
        QemuGuests.installBaseVolume(connect);
        QemuGuests.deleteVolume(connect, TEMPLATE_VOLUME); // left by an interrupted run
        plugin = new LibvirtInstancePlugin(connect, new ObjectMapper(), Clock.systemUTC(), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
        if (connect != null) {
            QemuGuests.deleteVolume(connect, TEMPLATE_VOLUME);
            connect.close();
        }
    }

    @Test
    void aBuiltTemplateStartsTwoGuestsThatSeeItsMarkerAndTheBuildsKey(@TempDir Path home) throws Exception {
        FileVarStore vars = new FileVarStore(home);
        DeploymentFile file = DeploymentReader.read(EXAMPLE.toString(), null, key -> vars.get(key).isPresent());
        List<String> out = new CopyOnWriteArrayList<>();
        DeploymentRunner runner = new DeploymentRunner(p -> new DeploymentRunner.Target(plugin, plugin, plugin), vars,
                DeploymentRunner.folder(home, file), line -> {
                    out.add(line);
                    System.out.println(line);
                }, Duration.ofMinutes(4));
        long started = System.nanoTime();
        try {
            runner.run(file, false);
            System.out.println("template must-show took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");

            // The build stored its marker and became a volume of its own; its instance is gone.
            String marker = vars.get("deployments/qemu-build/marker").map(VarValue::value).orElseThrow();
            assertThat(marker).matches("built by infrakit-\\S+ at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(vars.get("deployments/qemu-build/template").map(VarValue::value)).hasValue(TEMPLATE_VOLUME);
            var pool = connect.storagePoolLookupByName("default");
            pool.refresh(0);
            assertThat(pool.listVolumes()).contains(TEMPLATE_VOLUME);
            String buildId = marker.split(" ")[2];
            assertThat(Arrays.asList(connect.listDefinedDomains())).doesNotContain(buildId);

            // Two instances run from the template; each printed the build's marker and the key in its command.
            var apps = plugin.describeInstances(Map.of(DeploymentRunner.TAG, "qemu-template/qemu-app"), false);
            assertThat(apps).hasSize(2);
            for (var app : apps) {
                String id = app.id();
                assertThat(id).isNotEqualTo(buildId);
                assertThat(out).contains("    | " + marker, "    | app 1.0: greeting=hello", "    | marker on " + id + ": " + marker);
                // What the build wrote is on this guest's own disk, a clone of the template volume.
                ExecResult seen = plugin.exec(id, List.of("/bin/sh", "-c", "cat /etc/built-by-infrakit /etc/app.conf /var/lib/pkgs/installed"),
                        Duration.ofSeconds(60));
                assertThat(seen.exitCode()).as(seen.stderr()).isZero();
                assertThat(seen.stdout()).isEqualTo(marker + "\ngreeting=hello\napp 1.0\n");
                var root = pool.storageVolLookupByName(id + "-root.qcow2");
                assertThat(root.getXMLDesc(0)).contains("<backingStore>").contains(TEMPLATE_VOLUME);
                // The per-instance log has both steps, in order.
                String log = Files.readString(DeploymentRunner.folder(home, file).resolve("logs/qemu-app-" + id + ".log"));
                assertThat(log.indexOf("step 1 'see the marker'")).isNotNegative().isLessThan(log.indexOf("step 2 'same marker as the build stored'"));
            }
            assertThat(out).contains("deployment 'qemu-app': done", "deployments of qemu-template done");

            // Streamed through the agent: the first line is handed over while the command still runs.
            String one = apps.getFirst().id();
            List<Long> firstAt = new CopyOnWriteArrayList<>();
            StringBuilder pieces = new StringBuilder();
            ExecResult slow = plugin.exec(one, List.of("/bin/sh", "-c", "echo first; sleep 3; echo second; echo oops >&2"), Duration.ofSeconds(60),
                    text -> {
                        pieces.append(text);
                        if (text.contains("first")) {
                            firstAt.add(System.nanoTime());
                        }
                    });
            long ended = System.nanoTime();
            assertThat(slow.exitCode()).isZero();
            assertThat(slow.stdout()).isEqualTo("first\nsecond\n").isEqualTo(pieces.toString());
            assertThat(slow.stderr()).isEqualTo("oops\n");
            assertThat((ended - firstAt.getFirst()) / 1_000_000).as("ms between the first line and the end").isGreaterThan(2000);
            ExecResult missing = plugin.exec(one, List.of("/no/such/program"), Duration.ofSeconds(30), text -> {
            });
            assertThat(missing.exitCode()).isEqualTo(127);
        } finally {
            runner.cleanup(file);
            for (String line : out) { // the serial console logs of the guests this run created
                if (line.contains(": created instance ")) {
                    Files.deleteIfExists(QemuGuests.consoleLog(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        }
        assertThat(plugin.describeInstances(Map.of(DeploymentRunner.TAG, "qemu-template/qemu-app"), false)).isEmpty();
    }
}
