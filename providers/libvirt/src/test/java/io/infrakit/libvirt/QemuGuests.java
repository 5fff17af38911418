package io.infrakit.libvirt;

import org.libvirt.Connect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real-QEMU fixture: libvirtd on qemu:///system, the 'default' pool and the test guest (kernel + initramfs). */
final class QemuGuests {

    static final String URI = "qemu:///system";
    /** Where examples/libvirt/*.yml expect the test guest. */
    static final Path GUEST_DIR = Path.of("/var/lib/libvirt/boot/infrakit");
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);

    private QemuGuests() {
    }

    /** Connects, or skips (fails under INFRAKIT_REQUIRE_ENGINES=1) with the reason. */
    static Connect connectOrSkip() throws Exception {
        boolean socket = Files.exists(Path.of("/run/libvirt/libvirt-sock")) || Files.exists(Path.of("/var/run/libvirt/libvirt-sock"));
        Engines.requireOrSkip(socket, "libvirtd is not running (no /run/libvirt/libvirt-sock): real-QEMU tests skipped; .ci/engines/libvirt.sh starts it");
        Connect connect;
        try {
            connect = LibvirtPluginKind.open(URI);
        } catch (RuntimeException | LinkageError e) {
            Engines.requireOrSkip(false, "cannot connect to " + URI + ": " + e.getMessage());
            throw e;
        }
        try {
            assertThat(connect.storagePoolLookupByName("default").isActive()).isEqualTo(1);
        } catch (Exception e) {
            Engines.requireOrSkip(false, "libvirt storage pool 'default' is missing or stopped: " + e.getMessage());
        }
        buildGuest();
        return connect;
    }

    /** Runs src/test/guest/build-initramfs.sh (idempotent) into {@link #GUEST_DIR}. */
    static void buildGuest() throws Exception {
        Path script = Specs.repoRoot().resolve("providers/libvirt/src/test/guest/build-initramfs.sh");
        Process p = new ProcessBuilder("bash", script.toString(), GUEST_DIR.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        Engines.requireOrSkip(done && p.exitValue() == 0, "cannot build the test guest: " + out.trim()
                + " (needs root and: apt-get install linux-image-amd64 busybox-static qemu-guest-agent cpio)");
    }

    /** Where examples/libvirt/*.yml log the serial console of instance {@code id}. */
    static Path consoleLog(String id) {
        return Path.of("/var/log/libvirt/qemu/" + id + "-console.log");
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
