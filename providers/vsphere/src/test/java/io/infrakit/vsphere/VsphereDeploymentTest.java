package io.infrakit.vsphere;

import io.infrakit.core.deploy.DeploymentFailedException;
import io.infrakit.core.deploy.DeploymentFile;
import io.infrakit.core.deploy.DeploymentReader;
import io.infrakit.core.deploy.DeploymentRunner;
import io.infrakit.core.manager.store.FileVarStore;
import io.infrakit.spi.PluginException;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.PropertySpecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deployments on vcsim VMs, their steps run through {@link FakeGuestOperations} (whose guest is
 * this machine, so paths are under a temporary folder): a key stored from stdout and used later,
 * an upload over 64 KiB and a download, a template output; then a wrong exit code and a timeout,
 * each naming the deployment, the step and the VM, and --resume continuing there.
 */
class VsphereDeploymentTest {

    @TempDir
    Path home;
    private FakeGuestOperations fake;
    private VsphereInstancePlugin plugin;
    private FileVarStore vars;
    private final List<String> printed = new CopyOnWriteArrayList<>();
    private String template;

    @BeforeEach
    void start() throws Exception {
        Vcsim.require();
        fake = new FakeGuestOperations();
        plugin = new VsphereInstancePlugin(fake.options());
        vars = new FileVarStore(home);
    }

    @AfterEach
    void stop() {
        if (plugin == null) {
            return;
        }
        plugin.close();
        fake.close();
        if (template != null) {
            try (Behind admin = new Behind()) {
                admin.client.findByInventoryPath(Vcsim.DATACENTER + "/vm/" + template).ifPresent(t -> admin.destroyUnlessGone(t.value()));
            }
        }
    }

    private DeploymentFile file(String yaml) throws Exception {
        Path f = home.resolve("vsphere-guest.yml");
        Files.writeString(f, yaml);
        return DeploymentReader.read(f.toString(), null, k -> vars.get(k).isPresent());
    }

    private DeploymentRunner runner(DeploymentFile f) {
        return new DeploymentRunner(p -> new DeploymentRunner.Target(plugin, plugin, plugin), vars,
                DeploymentRunner.folder(home, f), printed::add, Duration.ofSeconds(30));
    }

    private static final String PROPERTIES = """
                properties:
                  Datacenter: Home Lab
                  Datastore: vSphereNFS
                  Hostname: esxi01.fnnrn.me
                  Template: CentOS7-WEB
                  PowerOn: true
                  vmPrefix: deploy
                  GuestUser: root
                  GuestPassword: guest-secret
            """;

    @Test
    void stepsKeepAKeyCopyFilesBothWaysAndTheVmBecomesATemplate() throws Exception {
        template = Vcsim.unique("deployed");
        Path g = Files.createDirectories(home.resolve("guest"));
        String big = "x".repeat(100_000);
        DeploymentFile f = file("""
                kind: deployment
                deployments:
                  - name: base
                    plugin: vsphere
                    output: template
                    template: {Name: '%s'}
                %s
                    steps:
                      - name: token
                        run: echo "SWMTKN-$((6 * 7))"
                        store: deployments/vs/token
                      - name: config
                        upload:
                          to: %s/etc/app.conf
                          content: |
                            token={{ var "deployments/vs/token" }}
                      - name: big
                        upload: {to: big.txt, content: "%s"}
                        workdir: %s
                      - name: use
                        run: cat etc/app.conf; wc -c < big.txt
                        workdir: %s
                        store: deployments/vs/seen
                      - name: fetch
                        download: {from: %s/etc/app.conf, to: %s/local.conf}
                """.formatted(template, PROPERTIES.stripTrailing(), g, big, g, g, g, home));
        runner(f).run(f, false);

        assertThat(vars.get("deployments/vs/token").orElseThrow().value()).isEqualTo("SWMTKN-42");
        assertThat(Files.readString(g.resolve("etc/app.conf"))).isEqualTo("token=SWMTKN-42\n");
        assertThat(Files.readString(g.resolve("big.txt"))).isEqualTo(big);
        assertThat(vars.get("deployments/vs/seen").orElseThrow().value()).isEqualTo("token=SWMTKN-42\n100000");
        assertThat(Files.readString(home.resolve("local.conf"))).isEqualTo("token=SWMTKN-42\n");
        assertThat(vars.get("deployments/base/template").orElseThrow().value()).isEqualTo(template);
        assertThat(fake.calls).contains("InitiateFileTransferToGuest");

        Moref t = plugin.client().findByInventoryPath(Vcsim.DATACENTER + "/vm/" + template).orElseThrow();
        assertThat(plugin.client().retrieve(PropertySpecs.object(t, List.of("config.template"))).getFirst().text("config.template")).isEqualTo("true");
        assertThat(printed).contains("deployment 'base': done");
    }

    @Test
    void aWrongExitCodeAndATimeoutNameTheDeploymentStepAndVmAndResumeContinuesThere() throws Exception {
        Path g = Files.createDirectories(home.resolve("guest"));
        String yaml = """
                kind: deployment
                deployments:
                  - name: app
                    plugin: vsphere
                %s
                    steps:
                      - name: first
                        run: echo one >> %s/ran
                      - name: check
                        run: test -f %s/ready
                      - name: wait
                        run: sleep 30
                        timeout: 1s
                """.formatted(PROPERTIES.stripTrailing(), g, g);
        DeploymentFile f = file(yaml);
        String id;
        try {
            assertThatThrownBy(() -> runner(f).run(f, false)).isInstanceOf(DeploymentFailedException.class)
                    .hasMessageMatching("deployment 'app' step 2 'check' on instance vm-\\d+: exited with 1, expected 0; fix it, then run"
                            + " infrakit deploy -f FILE --resume to continue at step 2 .*");
            id = printed.stream().filter(l -> l.startsWith("deployment 'app': created instance ")).findFirst().orElseThrow()
                    .substring("deployment 'app': created instance ".length());

            Files.writeString(g.resolve("ready"), "");
            assertThatThrownBy(() -> runner(f).run(f, true)).isInstanceOf(DeploymentFailedException.class)
                    .hasMessageStartingWith("deployment 'app' step 3 'wait' on instance " + id + ": timed out after 1s");
            assertThat(Files.readString(g.resolve("ran"))).isEqualTo("one\n"); // step 1 did not run again
        } finally {
            runner(f).cleanup(f);
        }
        assertThatThrownBy(() -> plugin.client().retrieve(PropertySpecs.object(Moref.vm(id), List.of("name"))).getFirst())
                .isInstanceOfAny(PluginException.class, java.util.NoSuchElementException.class);
    }
}
