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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code infrakit deploy} on the real Docker engine (the test image .ci/engines/docker.sh builds):
 * the examples of docs/deployments.md, failures named, --resume and --cleanup.
 */
class DeployOnDockerTest {

    final Path root = Path.of("").toAbsolutePath().getParent();
    CliRun cli;
    PluginDaemon daemon;

    static String docker(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    }

    @BeforeEach
    void start() throws Exception {
        String problem = null;
        try {
            if (docker("image", "inspect", "infrakit-test/busybox:1") == null) {
                problem = "no Docker engine with image infrakit-test/busybox:1; run: sudo bash .ci/engines/docker.sh";
            }
        } catch (java.io.IOException e) {
            problem = "no docker command (" + e.getMessage() + "); run: sudo bash .ci/engines/docker.sh";
        }
        if (problem != null) {
            if ("1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES")) || "1".equals(System.getProperty("infrakit.requireEngines"))) {
                Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
            }
            Assumptions.abort("skipped: " + problem);
        }
        cli = new CliRun();
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "manager", "group", "vanilla", "docker"), "group", "docker");
    }

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            cli.run("deploy", "-f", root.resolve("examples/deployments/swarm-docker.yml").toString(), "--cleanup");
            cli.run("deploy", "-f", root.resolve("examples/deployments/template-docker.yml").toString(), "--cleanup");
            cli.run("deploy", "-f", cli.home.resolve("failing.yml").toString(), "--cleanup");
            daemon.close();
            cli.delete();
        }
    }

    @Test
    void theSwarmExampleSharesTheFirstInstancesTokenWithTwoMore() throws Exception {
        String file = root.resolve("examples/deployments/swarm-docker.yml").toString();
        CliRun.Result dry = cli.ok("deploy", "-f", file, "--dry-run");
        assertThat(dry.out()).contains("deployment 'workers': 2 instances of plugin docker, output instance")
                .contains("TOKEN=<deployments/swarm/jointoken, stored by an earlier step>").contains("dry run: nothing was created");
        assertThat(cli.ok("instance", "describe", "--plugin", "docker").out()).doesNotContain("infrakit.deployment");

        CliRun.Result run = cli.ok("deploy", "-f", file);
        String token = cli.ok("vars", "get", "deployments/swarm/jointoken").out().strip();
        assertThat(token).startsWith("SWMTKN-1-");
        assertThat(run.out()).contains("    | joined worker-0 with " + token, "    | joined worker-1 with " + token,
                "deployment 'workers': done");
        Path logs = cli.home.resolve("deployments/swarm/logs");
        try (var files = Files.list(logs)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("workers-")).count()).isEqualTo(2);
        }
        assertThat(cli.ok("deploy", "-f", file, "--cleanup").out()).contains("deployment 'workers': destroyed instance");
    }

    @Test
    void aTemplateBuiltWithDockerCommitIsTheBaseOfTwoInstancesThatSeeItsMarker() throws Exception {
        String file = root.resolve("examples/deployments/template-docker.yml").toString();
        CliRun.Result run = cli.ok("deploy", "-f", file);
        assertThat(run.out()).contains("deployment 'build': template infrakit-test/built:v1 (key deployments/build/template)");
        String marker = cli.ok("vars", "get", "deployments/build/marker").out().strip();
        assertThat(run.out()).contains("    | " + marker, "    | greeting=hello", "    | 1.0", "deployment 'app': done");
        assertThat(docker("image", "inspect", "infrakit-test/built:v1")).isNotNull();
        docker("image", "rm", "-f", "infrakit-test/built:v1");
    }

    @Test
    void aTimeoutAWrongExitAndAMissingProgramAreNamedAndResumeContinuesThere() throws Exception {
        Path file = cli.home.resolve("failing.yml");
        String head = """
                kind: deployment
                deployments:
                  - name: probe
                    plugin: docker
                    properties: {Config: {Image: infrakit-test/busybox:1}}
                    steps:
                      - name: first
                        run: echo x >> /tmp/runs
                      - name: second
                """;
        String tail = """
                      - name: third
                        run: cat /tmp/runs
                """;
        Files.writeString(file, head + "        run: sleep 30\n        timeout: 2s\n" + tail);
        CliRun.Result slow = cli.run("deploy", "-f", file.toString());
        assertThat(slow.code()).isEqualTo(1);
        assertThat(slow.err()).contains("deployment 'probe' step 2 'second' on instance ").contains(": timed out after 2s");

        Files.writeString(file, head + "        run: exit 4\n" + tail);
        CliRun.Result refused = cli.run("deploy", "-f", file.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("deployment 'probe' stopped at step 2").contains("--resume");
        CliRun.Result wrong = cli.run("deploy", "-f", file.toString(), "--resume");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("step 2 'second' on instance ").contains(": exited with 4, expected 0");

        Files.writeString(file, head + "        exec: [no-such-tool, --help]\n" + tail);
        CliRun.Result missing = cli.run("deploy", "-f", file.toString(), "--resume");
        assertThat(missing.err()).contains("step 2 'second' on instance ").contains("program not found: 'no-such-tool'");

        Files.writeString(file, head + "        run: echo fixed\n" + tail);
        CliRun.Result resumed = cli.ok("deploy", "-f", file.toString(), "--resume");
        // Step 1 ran once: the resumed runs started at step 2 on the same container.
        assertThat(resumed.out()).doesNotContain("step 1 'first' ...").contains("    | x\n").contains("deployment 'probe': done");
        assertThat(resumed.out()).doesNotContain("    | x\n    | x");
    }

    @Test
    void aStepsOutputIsPrintedAndLoggedWhileItRuns() throws Exception {
        // The runner as infrakit deploy builds it, against the Docker plugin daemon over its socket:
        // each printed line is timed, so the first one can be shown to arrive before the step ends.
        var f = io.infrakit.core.deploy.DeploymentReader.parse("streaming.yml", new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree("""
                kind: deployment
                deployments:
                  - name: talker
                    plugin: docker
                    properties: {Config: {Image: infrakit-test/busybox:1}}
                    steps:
                      - name: slow
                        run: echo first; sleep 3; echo second
                """), "streaming", key -> false);
        List<long[]> times = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        var vars = new io.infrakit.core.manager.store.FileVarStore(cli.home);
        try (var registry = new io.infrakit.rpc.registry.PluginRegistry(cli.env().paths(),
                io.infrakit.rpc.binding.RpcInterfaces.standard().with(new io.infrakit.rpc.binding.InstanceExecRpc()), java.time.Duration.ofSeconds(90))) {
            var runner = new io.infrakit.core.deploy.DeploymentRunner(plugin -> new io.infrakit.core.deploy.DeploymentRunner.Target(
                    registry.instance(plugin), registry.lookup(plugin, io.infrakit.spi.instance.InstanceExec.class), null),
                    vars, io.infrakit.core.deploy.DeploymentRunner.folder(cli.home, f), line -> {
                        printed.add(line);
                        times.add(new long[]{System.nanoTime()});
                    }, java.time.Duration.ofSeconds(60));
            try {
                runner.run(f, false);
            } finally {
                runner.cleanup(f);
            }
        }
        int first = printed.indexOf("    | first");
        int second = printed.indexOf("    | second");
        int ok = java.util.stream.IntStream.range(0, printed.size()).filter(i -> printed.get(i).contains("step 1 'slow' ok")).findFirst().orElse(-1);
        assertThat(first).as(String.join("\n", printed)).isNotNegative().isLessThan(second);
        assertThat(ok).isGreaterThan(second);
        long aheadMillis = (times.get(ok)[0] - times.get(first)[0]) / 1_000_000;
        assertThat(aheadMillis).as("the first line was printed %d ms before the step ended", aheadMillis).isGreaterThan(2000);
        // The instance's log has the lines in order, between the step's start and its end.
        Path logs = io.infrakit.core.deploy.DeploymentRunner.folder(cli.home, f).resolve("logs");
        try (var files = Files.list(logs)) {
            String log = Files.readString(files.filter(p -> p.getFileName().toString().startsWith("talker-")).findFirst().orElseThrow());
            assertThat(log).containsSubsequence("step 1 'slow' [run] started", "-- stdout\nfirst\nsecond\n", "step 1 'slow' [run] exit 0");
        }
    }
}
