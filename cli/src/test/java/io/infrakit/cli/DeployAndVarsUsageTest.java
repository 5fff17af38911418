package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to deploy and vars exits 2 with the problem named, before anything is created or any manager is asked. */
class DeployAndVarsUsageTest {

    final CliRun cli = CliRun.temporary();

    @AfterEach
    void delete() throws Exception {
        cli.delete();
    }

    @Test
    void aBadDeploymentFileIsRefusedWithEveryProblemAndNothingIsCreated() throws Exception {
        Path file = cli.home.resolve("bad.yml");
        Files.writeString(file, """
                kind: deployment
                deployments:
                  - name: workers
                    plugin: docker
                    steps:
                      - rn: make
                      - name: join
                        run: docker swarm join --token {{ var "deployments/swarm/jointoken" }}
                """);
        CliRun.Result r = cli.run("deploy", "-f", file.toString(), "--dry-run");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("deployment 'workers' step 1: unknown step kind or field 'rn': did you mean 'run'?")
                .contains("deployment 'workers' step 1: no command")
                .contains("deployment 'workers' step 2 'join': refers to key 'deployments/swarm/jointoken', which is not set")
                .contains("nothing was committed").doesNotContain("Exception");
        assertThat(cli.home.resolve("deployments")).doesNotExist();

        assertThat(cli.run("deploy", "-f", file.toString(), "--resume", "--cleanup").err())
                .contains("--dry-run, --resume and --cleanup exclude each other");
    }

    @Test
    void aMissingDeploymentFileIsNamedBeforeTheManagerIsAsked() {
        CliRun.Result r = cli.run("deploy", "-f", cli.home.resolve("nope.yml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yml: no such file").doesNotContain("no manager is running");
    }

    @Test
    void aBadKeyIsRefusedBeforeTheManagerIsAsked() {
        CliRun.Result r = cli.run("vars", "get", "deployments//token");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("key 'deployments//token' is not a valid path");
        CliRun.Result noManager = cli.run("vars", "get", "deployments/swarm/jointoken");
        assertThat(noManager.code()).isEqualTo(1);
        assertThat(noManager.err()).contains("no manager is running");
    }
}
