package io.infrakit.libvirt;

import org.libvirt.Connect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
                + " (needs root and: apt-get install linux-image-amd64 busybox-static qemu-guest-agent cpio e2fsprogs)");
    }

    /** The test guest's root disk as a volume of pool 'default' (examples/deployments/template-qemu.yml's base image). */
    static final String BASE_VOLUME = "infrakit-test-rootfs.img";

    /**
     * Puts {@code GUEST_DIR/rootfs.img} in pool 'default' as {@link #BASE_VOLUME} when it is missing
     * or older, as {@code virsh vol-upload} would (the pool is a folder: a copy and a refresh).
     */
    static void installBaseVolume(Connect connect) throws Exception {
        Path image = GUEST_DIR.resolve("rootfs.img");
        var pool = connect.storagePoolLookupByName("default");
        Path target = Path.of(Xml.parse(pool.getXMLDesc(0)).getElementsByTagName("path").item(0).getTextContent()).resolve(BASE_VOLUME);
        if (!Files.exists(target) || Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(image)) < 0) {
            Path tmp = target.resolveSibling("." + BASE_VOLUME + ".tmp");
            Files.copy(image, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        pool.refresh(0);
    }

    /** Deletes volume {@code name} of pool 'default' when it is there. */
    static void deleteVolume(Connect connect, String name) throws Exception {
        var pool = connect.storagePoolLookupByName("default");
        pool.refresh(0);
        if (Arrays.asList(pool.listVolumes()).contains(name)) {
            pool.storageVolLookupByName(name).delete(0);
        }
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
