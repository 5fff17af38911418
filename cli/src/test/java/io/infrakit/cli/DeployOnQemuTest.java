package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.PluginDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code infrakit deploy} on a real QEMU guest (software emulation, qemu:///system) through the
 * guest agent: examples/deployments/qemu-steps.yml. One guest: they boot slowly on a loaded host.
 */
class DeployOnQemuTest {

    final Path root = Path.of("").toAbsolutePath().getParent();
    final Path example = root.resolve("examples/deployments/qemu-steps.yml");
    CliRun cli;
    PluginDaemon daemon;

    @BeforeEach
    void start() throws Exception {
        String problem = null;
        if (!Files.exists(Path.of("/run/libvirt/libvirt-sock")) && !Files.exists(Path.of("/var/run/libvirt/libvirt-sock"))) {
            problem = "libvirtd is not running (no /run/libvirt/libvirt-sock); .ci/engines/libvirt.sh starts it";
        } else if (!Files.exists(Path.of("/var/lib/libvirt/boot/infrakit/initramfs.gz"))) {
            problem = "the test guest is not built (/var/lib/libvirt/boot/infrakit); run the libvirt provider's QEMU tests first";
        }
        if (problem != null) {
            if ("1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES")) || "1".equals(System.getProperty("infrakit.requireEngines"))) {
                Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
            }
            Assumptions.abort("skipped: " + problem);
        }
        cli = new CliRun();
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "manager", "group", "vanilla", "libvirt",
                "--opt", "libvirt.uri=qemu:///system"), "group", "libvirt");
    }

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            cli.run("deploy", "-f", example.toString(), "--cleanup");
            daemon.close();
            cli.delete();
        }
    }

    @Test
    void stepsRunInTheGuestThroughItsAgentAndAStoredKeyReachesTheNextStep() {
        CliRun.Result run = cli.run("deploy", "-f", example.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(cli.ok("vars", "get", "deployments/qemu/seen").out().strip()).isEqualTo("made by a deployment and hello");
        assertThat(run.out()).contains("    | seen: made by a deployment and hello", "deployment 'guest': done");
        assertThat(cli.ok("deploy", "-f", example.toString(), "--cleanup").out()).contains("deployment 'guest': destroyed instance infrakit-");
    }
}
