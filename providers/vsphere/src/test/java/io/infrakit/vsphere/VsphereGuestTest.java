package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.PropertySpecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Guest operations on vcsim VMs through {@link FakeGuestOperations} (vcsim 0.24 has no process
 * manager): commands, files both ways, faults in words, and the template output (MarkAsTemplate,
 * which vcsim does implement).
 */
class VsphereGuestTest {

    private final ObjectMapper json = new ObjectMapper();
    private FakeGuestOperations fake;
    private VsphereInstancePlugin plugin;
    private final List<String> made = new ArrayList<>();
    private final List<String> templates = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        Vcsim.require();
        fake = new FakeGuestOperations();
        plugin = new VsphereInstancePlugin(fake.options());
    }

    @AfterEach
    void stop() {
        if (plugin == null) {
            return;
        }
        made.forEach(id -> {
            try {
                plugin.destroy(id, null);
            } catch (PluginException ignored) {
                // gone already
            }
        });
        plugin.close();
        fake.close();
        try (Behind admin = new Behind()) {
            templates.forEach(admin::destroyUnlessGone);
        }
    }

    ObjectNode props(String user, String password) {
        ObjectNode p = VsphereInstancePluginTest.templateProps(json, Vcsim.TEMPLATE).put("vmPrefix", "guest");
        if (user != null) {
            p.put("GuestUser", user).put("GuestPassword", password);
        }
        return p;
    }

    String vm(ObjectNode props) {
        String id = plugin.provision(new InstanceSpec(props, Map.of("infrakit.test", "guest"), "", null, null));
        made.add(id);
        return id;
    }

    @Test
    void runsACommandWithItsOutputApartAndItsExitCode() {
        String id = vm(props(FakeGuestOperations.GUEST_USER, FakeGuestOperations.GUEST_PASSWORD));
        ExecResult r = plugin.exec(id, List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(20));
        assertThat(r).isEqualTo(new ExecResult(3, "out\n", "err\n"));
        // Arguments with quotes and spaces reach the program as they were (the guest's shell reads the line).
        r = plugin.exec(id, List.of("/bin/echo", "it's", "a  b", "$HOME"), Duration.ofSeconds(20));
        assertThat(r.stdout()).isEqualTo("it's a  b $HOME\n");
        assertThat(fake.calls).contains("StartProgramInGuest", "ListProcessesInGuest", "InitiateFileTransferFromGuest", "DeleteFileInGuest");
    }

    @Test
    void environmentAndWorkingFolderGoToStartProgramInGuest() throws Exception {
        String id = vm(props(FakeGuestOperations.GUEST_USER, FakeGuestOperations.GUEST_PASSWORD));
        ExecResult r = plugin.exec(id, List.of("/bin/sh", "-c", "echo \"$GREETING from $(pwd)\""),
                Map.of("GREETING", "hello", "PATH", "/usr/bin:/bin"), dir.toString(), Duration.ofSeconds(20));
        assertThat(r.stdout()).isEqualTo("hello from " + dir.toRealPath() + "\n");
        assertThat(fake.lastStart).containsEntry("workingDirectory", dir.toString());
        assertThat(fake.lastStart.get("env").toString()).contains("GREETING=hello");
    }

    @Test
    void filesTravelBothWaysAsBytes() throws Exception {
        String id = vm(props(FakeGuestOperations.GUEST_USER, FakeGuestOperations.GUEST_PASSWORD));
        byte[] binary = new byte[3 * 1024 * 1024 + 7]; // over 64 KiB, every byte value
        new Random(7).nextBytes(binary);
        Path in = dir.resolve("blob.bin");
        plugin.writeFile(id, in.toString(), binary, Duration.ofSeconds(30));
        assertThat(Files.readAllBytes(in)).isEqualTo(binary);
        assertThat(plugin.readFile(id, in.toString(), Duration.ofSeconds(30))).isEqualTo(binary);

        assertThatThrownBy(() -> plugin.readFile(id, dir.resolve("missing").toString(), Duration.ofSeconds(5)))
                .hasMessage("vsphere reading " + dir.resolve("missing") + " on VM " + id + ": no such file or program in the guest (FileNotFound)");
    }

    @Test
    void aCommandPastItsTimeoutIsTerminatedAndAMissingProgramIsExit127() {
        String id = vm(props(FakeGuestOperations.GUEST_USER, FakeGuestOperations.GUEST_PASSWORD));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> plugin.exec(id, List.of("/bin/sleep", "30"), Duration.ofSeconds(1)))
                .hasMessageStartingWith("exec on " + id + ": '/bin/sleep 30' still running after 1 s")
                .hasMessageContaining("now terminated");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(fake.calls).contains("TerminateProcessInGuest");

        assertThat(plugin.exec(id, List.of("/no/such/program"), Duration.ofSeconds(5)))
                .isEqualTo(new ExecResult(127, "", "/no/such/program: command not found\n"));
    }

    @Test
    void faultsBecomeOneSentenceAndThePasswordIsNeverInThem() {
        String wrong = vm(props(FakeGuestOperations.GUEST_USER, "not-the-password"));
        assertThatThrownBy(() -> plugin.exec(wrong, List.of("/bin/true"), Duration.ofSeconds(5)))
                .hasMessage("vsphere exec on VM " + wrong + ": the guest refused user 'root' and its password (InvalidGuestLogin);"
                        + " check Properties.GuestUser and GuestPassword, or the options guest-user and guest-password-file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password"));

        String down = vm(props(FakeGuestOperations.GUEST_USER, FakeGuestOperations.GUEST_PASSWORD));
        fake.toolsDown.add(down);
        assertThatThrownBy(() -> plugin.exec(down, List.of("/bin/true"), Duration.ofSeconds(5)))
                .hasMessage("vsphere exec on VM " + down + ": VMware Tools are not running in the guest (GuestOperationsUnavailable);"
                        + " wait for the guest to boot, or install open-vm-tools in its template");

        String nobody = vm(props(null, null));
        assertThatThrownBy(() -> plugin.exec(nobody, List.of("/bin/true"), Duration.ofSeconds(5)))
                .hasMessageStartingWith("vsphere: no guest login for VM " + nobody + ": give Properties.GuestUser and GuestPassword");
        assertThatThrownBy(() -> plugin.validate(props("root", "<secret:guest-pw>")))
                .hasMessageContaining("Properties.GuestPassword is the secret reference <secret:guest-pw>, not its value");
        assertThatThrownBy(() -> plugin.validate(props("root", "x").without("GuestPassword")))
                .hasMessageContaining("give both Properties.GuestUser and Properties.GuestPassword");
    }

    @Test
    void theOptionsLoginServesVmsWhosePropertiesGiveNone() throws Exception {
        Path pw = dir.resolve("guest-password");
        Files.writeString(pw, FakeGuestOperations.GUEST_PASSWORD + "\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        plugin.close();
        plugin = new VsphereInstancePlugin(VsphereOptions.parse(Map.of("url", fake.sdk().toString(), "user", Vcsim.USER,
                "password", Vcsim.PASSWORD, "guest-user", "root", "guest-password-file", pw.toString()), Map.of()));
        String id = vm(props(null, null));
        assertThat(plugin.exec(id, List.of("/bin/echo", "hi"), Duration.ofSeconds(10)).stdout()).isEqualTo("hi\n");
    }

    @Test
    void aTemplateOutputMarksThePoweredOffVmAsATemplateThatDestroyLeavesAndLaterVmsCloneFrom() {
        String id = vm(props(FakeGuestOperations.GUEST_USER, FakeGuestOperations.GUEST_PASSWORD));
        String name = "tpl-" + Vcsim.unique("guest");
        templates.add(id);
        assertThat(plugin.createTemplate(id, json.createObjectNode().put("Name", name))).isEqualTo(name);
        var o = plugin.client().retrieve(PropertySpecs.object(Moref.vm(id), List.of("name", "config.template", "runtime.powerState"))).getFirst();
        assertThat(o.text("name")).isEqualTo(name);
        assertThat(o.text("config.template")).isEqualTo("true");
        assertThat(o.text("runtime.powerState")).isEqualTo("poweredOff");

        plugin.destroy(id, null); // what a deployment does next: the template stays
        assertThat(plugin.client().retrieve(PropertySpecs.object(Moref.vm(id), List.of("name")))).hasSize(1);

        String child = vm(VsphereInstancePluginTest.templateProps(json, name));
        assertThat(child).isNotEqualTo(id);
        assertThatThrownBy(() -> plugin.createTemplate(child, json.createObjectNode().put("Nmae", "x")))
                .hasMessage("vsphere: unknown template field 'Nmae'; the one field is Name (the template's new name)");
    }
}
