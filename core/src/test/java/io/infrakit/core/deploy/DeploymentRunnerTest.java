package io.infrakit.core.deploy;

import io.infrakit.core.manager.store.FileVarStore;
import io.infrakit.spi.metadata.UpdatableMetadata;
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

/** The runner against {@link LocalShellFake} (commands run by this machine's real /bin/sh) and a real file store. */
class DeploymentRunnerTest {

    @TempDir
    Path home;
    LocalShellFake fake;
    UpdatableMetadata vars;
    final List<String> printed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fake = new LocalShellFake(Files.createDirectories(home.resolve("fake")));
        vars = new FileVarStore(home);
    }

    DeploymentFile file(String yaml) throws Exception {
        return DeploymentReader.parse("test.yml", DeploymentReaderTest.YAML.readTree(yaml), "swarm", k -> vars.get(k).isPresent());
    }

    DeploymentRunner runner(DeploymentFile f) {
        return new DeploymentRunner(plugin -> new DeploymentRunner.Target(fake, fake, fake),
                vars, DeploymentRunner.folder(home, f), printed::add, Duration.ofSeconds(5));
    }

    static final String SWARM = """
            kind: deployment
            deployments:
              - name: manager
                plugin: fake
                steps:
                  - name: init
                    run: echo "SWMTKN-$((6 * 7))"
                    store: deployments/swarm/jointoken
              - name: workers
                plugin: fake
                count: 2
                steps:
                  - name: join
                    exec: [/bin/sh, -c, 'echo "joined with $TOKEN as $ROLE in $(pwd)" > "$HOME/joined"']
                    env: {TOKEN: '{{ var "deployments/swarm/jointoken" }}', ROLE: 'worker-{{ index }}'}
                    workdir: /
                  - name: report
                    run: cat joined
            """;

    @Test
    void theFirstInstanceProducesATokenThatTwoMoreUse() throws Exception {
        DeploymentFile f = file(SWARM);
        runner(f).run(f, false);

        assertThat(vars.get("deployments/swarm/jointoken").orElseThrow().value()).isEqualTo("SWMTKN-42");
        assertThat(fake.instances).hasSize(3);
        assertThat(Files.readString(fake.instances.get("inst-2").resolve("joined"))).isEqualTo("joined with SWMTKN-42 as worker-0 in /\n");
        assertThat(Files.readString(fake.instances.get("inst-3").resolve("joined"))).isEqualTo("joined with SWMTKN-42 as worker-1 in /\n");
        assertThat(printed).contains("    | joined with SWMTKN-42 as worker-1 in /", "deployment 'workers': done");
        String log = Files.readString(DeploymentRunner.folder(home, f).resolve("logs/workers-inst-3.log"));
        assertThat(log).contains("step 2 'report' [run] exit 0").contains("-- stdout\njoined with SWMTKN-42 as worker-1 in /");

        // A second plain run is refused: the first one's instances are still there.
        assertThatThrownBy(() -> runner(f).run(f, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deployment 'workers' finished (instances inst-2, inst-3)").hasMessageContaining("--cleanup");
        runner(f).cleanup(f);
        assertThat(fake.instances).isEmpty();
        assertThat(fake.destroyed).containsExactlyInAnyOrder("inst-1", "inst-2", "inst-3");
    }

    @Test
    void aTemplateOutputBecomesTheBaseOfLaterInstancesWhichSeeItsMarker() throws Exception {
        DeploymentFile f = file("""
                kind: deployment
                deployments:
                  - name: build
                    plugin: fake
                    output: template
                    template: {Name: 'base-{{ deployment }}'}
                    steps:
                      - upload: {to: etc/motd, content: "built by infrakit\\n"}
                      - run: mkdir -p pkg && echo 1.0 > pkg/version
                        workdir: .
                      - run: date +%s > marker && echo done
                  - name: app
                    plugin: fake
                    count: 2
                    properties: {Base: '{{ var "deployments/build/template" }}'}
                    steps:
                      - run: cat marker etc/motd pkg/version
                        store: deployments/app/seen
                """);
        runner(f).run(f, false);
        assertThat(vars.get("deployments/build/template").orElseThrow().value()).isEqualTo("base-build");
        assertThat(fake.destroyed).containsExactly("inst-1");
        assertThat(fake.properties.get("inst-2").path("Base").asText()).isEqualTo("base-build");
        assertThat(vars.get("deployments/app/seen").orElseThrow().value()).matches("\\d+\nbuilt by infrakit\n1.0");
        assertThat(fake.instances.keySet()).containsExactlyInAnyOrder("inst-2", "inst-3");
    }

    String failing(String step) {
        return """
                kind: deployment
                deployments:
                  - name: build
                    plugin: fake
                    steps:
                      - name: count
                        run: echo x >> runs
                      - name: bad
                """ + step + """
                      - name: after
                        run: echo x >> after
                """;
    }

    @Test
    void aTimeoutAWrongExitCodeAndAMissingProgramAreNamedAndResumeContinuesAtTheFailedStep() throws Exception {
        DeploymentFile slow = file(failing("        run: sleep 5\n        timeout: 1s\n"));
        assertThatThrownBy(() -> runner(slow).run(slow, false)).isInstanceOf(DeploymentFailedException.class)
                .hasMessageStartingWith("deployment 'build' step 2 'bad' on instance inst-1: timed out after 1s")
                .hasMessageContaining("--resume to continue at step 2");
        assertThat(Files.readString(DeploymentRunner.folder(home, slow).resolve("logs/build-inst-1.log"))).contains("step 2 'bad' [run] failed");

        DeploymentFile wrongExit = file(failing("        run: echo oops >&2; exit 3\n"));
        assertThatThrownBy(() -> runner(wrongExit).run(wrongExit, true))
                .hasMessageStartingWith("deployment 'build' step 2 'bad' on instance inst-1: exited with 3, expected 0: oops");

        DeploymentFile missing = file(failing("        exec: [no-such-program, --version]\n"));
        assertThatThrownBy(() -> runner(missing).run(missing, true))
                .hasMessageStartingWith("deployment 'build' step 2 'bad' on instance inst-1: program not found: 'no-such-program'");

        DeploymentFile tolerated = file(failing("        exec: [no-such-program]\n        continueOnError: true\n"));
        runner(tolerated).run(tolerated, true);
        // Resumed three times at step 2 on the same instance: step 1 ran once, step 3 once.
        assertThat(fake.instances).containsOnlyKeys("inst-1");
        assertThat(Files.readString(fake.instances.get("inst-1").resolve("runs"))).isEqualTo("x\n");
        assertThat(Files.readString(fake.instances.get("inst-1").resolve("after"))).isEqualTo("x\n");
        assertThat(printed).anyMatch(l -> l.contains("program not found") && l.endsWith("(continueOnError: going on)"));
    }

    @Test
    void aDryRunShowsResolvedStepsAndCreatesNothing() throws Exception {
        DeploymentFile f = file(SWARM);
        List<String> lines = runner(f).describe(f);
        assertThat(lines).contains("deployment 'workers': 2 instances of plugin fake, output instance");
        assertThat(String.join("\n", lines)).contains("step 1 'init' [run]: echo \"SWMTKN-$((6 * 7))\"")
                .contains("stdout -> deployments/swarm/jointoken")
                .contains("TOKEN=<deployments/swarm/jointoken, stored by an earlier step>");
        assertThat(fake.instances).isEmpty();
    }
}
