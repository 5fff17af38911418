package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real guest on libvirtd + QEMU (software emulation): Debian's kernel and a busybox initramfs that
 * mounts the cidata seed and runs its user-data, then starts qemu-ga. The spec is seeds/000's
 * (examples/libvirt/instance.yml): its Init used to fail with "Permission denied" on the metadata disk.
 */
class QemuEndToEndTest {

    private static Connect connect;
    private static LibvirtInstancePlugin plugin;

    @BeforeAll
    static void start() throws Exception {
        connect = QemuGuests.connectOrSkip();
        plugin = new LibvirtInstancePlugin(connect, new ObjectMapper(), Clock.systemUTC(), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void seedSpecBootsRunsInitOnTheConsoleAndAnswersExec() throws Exception {
        InstanceSpec spec = Specs.seedExample().withMoreTags(Map.of("infrakit.group", "e2e-seed"));
        plugin.validate(spec.properties());

        String id = plugin.provision(spec);
        Path console = QemuGuests.consoleLog(id);
        try {
            // The Init script ran in the guest, from the seed ISO that qemu could open.
            await().atMost(QemuGuests.BOOT_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(QemuGuests.read(console)).contains("infrakit-guest: user-data exited"));
            String log = QemuGuests.read(console);
            assertThat(log).contains("infrakit-guest: cidata on /dev/sr0: meta-data user-data");
            assertThat(log).contains("infrakit-guest: meta-data: instance-id: '" + id + "'");
            assertThat(log).contains("infrakit-init: hello from " + id);
            // seeds/000: qemu runs as another user than the plugin; the seed volume was labelled for it.
            Path seed = Path.of(connect.storagePoolLookupByName("default").storageVolLookupByName(id + "-cidata.iso").getPath());
            int qemuUid = qemuUid(id);
            assertThat(qemuUid).as("qemu runs unprivileged, as in the report").isNotZero();
            assertThat((int) Files.getAttribute(seed, "unix:uid")).isEqualTo(qemuUid);

            assertThat(plugin.describeInstances(Map.of("infrakit.group", "e2e-seed"), true))
                    .singleElement().satisfies(d -> {
                        assertThat(d.id()).isEqualTo(id);
                        assertThat(d.tags()).containsEntry("custom.tag1", "kvm");
                        assertThat(d.properties().path("State").asText()).isEqualTo("running");
                        assertThat(d.properties().path("ConsoleLogs")).hasSize(1);
                        assertThat(d.properties().path("ConsoleLogs").get(0).asText()).isEqualTo(console.toString());
                    });

            // A command through the QEMU guest agent: output and exit code come back.
            AtomicReference<ExecResult> result = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).ignoreException(PluginException.class)
                    .until(() -> {
                        result.set(plugin.exec(id, List.of("/bin/sh", "-c", "echo exec-ok; hostname; echo oops >&2; exit 3"), Duration.ofSeconds(30)));
                        return true;
                    });
            assertThat(result.get().exitCode()).isEqualTo(3);
            assertThat(result.get().stdout()).isEqualTo("exec-ok\n" + id + "\n");
            assertThat(result.get().stderr()).isEqualTo("oops\n");
            assertThat(plugin.exec(id, List.of("/bin/cat", "/mnt/cidata/user-data"), Duration.ofSeconds(30)).stdout())
                    .isEqualTo(spec.init());
            // A program that is not there: exit 127 and "command not found", as a shell (and Docker) say.
            ExecResult missing = plugin.exec(id, List.of("/no/such/program", "-x"), Duration.ofSeconds(30));
            assertThat(missing.exitCode()).isEqualTo(127);
            assertThat(missing.stdout()).isEmpty();
            assertThat(missing.stderr()).isEqualTo("/no/such/program: command not found\n");
        } finally {
            plugin.destroy(id, DestroyContext.terminate());
        }
        assertThat(Arrays.asList(connect.listDefinedDomains())).doesNotContain(id);
        var pool = connect.storagePoolLookupByName("default");
        pool.refresh(0);
        assertThat(pool.listVolumes()).doesNotContain(id + "-cidata.iso");
        Files.deleteIfExists(console);
    }

    @Test
    void virshDestroyOfARealGuestIsReportedLostAndItsVolumesRemoved() throws Exception {
        List<InstanceChange> changes = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = plugin.watch(changes::add)) {
            InstanceSpec spec = Specs.seedExample().withMoreTags(Map.of("infrakit.group", "e2e-lost"));
            String id = plugin.provision(spec);
            connect.domainLookupByName(id).destroy(); // what `virsh destroy` does
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(changes).anySatisfy(c -> {
                assertThat(c.kind()).isEqualTo(InstanceChange.Kind.LOST);
                assertThat(c.instanceId()).isEqualTo(id);
                assertThat(c.tags()).containsEntry("infrakit.group", "e2e-lost");
            }));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Arrays.asList(connect.listDefinedDomains())).doesNotContain(id);
                var pool = connect.storagePoolLookupByName("default");
                pool.refresh(0);
                assertThat(pool.listVolumes()).doesNotContain(id + "-cidata.iso");
            });
            Files.deleteIfExists(QemuGuests.consoleLog(id));
        }
    }

    /** The uid of the qemu process running domain {@code name}. */
    private static int qemuUid(String name) throws Exception {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains("qemu-system") && cmdline.contains("guest=" + name + ",")) {
                        return (int) Files.getAttribute(p, "unix:uid");
                    }
                } catch (java.io.IOException e) {
                    // process ended meanwhile
                }
            }
        }
        throw new AssertionError("no qemu process for " + name);
    }
}
