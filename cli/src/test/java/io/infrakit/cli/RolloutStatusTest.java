package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code infrakit rollout status GROUP} on the simulator: an update that completes and one that pauses. */
class RolloutStatusTest {

    static final String SPEC = """
            kind: group
            metadata:
              name: workers
            properties:
              Allocation:
                Size: 3
              Flavor:
                Plugin: vanilla
                Properties:
                  Init: [echo hi]
                  Tags:
                    infrakit.init.status: {{ init | default("succeeded") }}
              Instance:
                Plugin: simulator/compute
                Properties:
                  release: {{ release | default("v1") }}
            """;

    CliRun cli;
    ManagerDaemon daemon;
    Path spec;

    @BeforeEach
    void start() throws IOException {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms", "simulator.provision-delay=400ms");
        spec = Files.writeString(cli.home.resolve("workers.yml"), SPEC);
        cli.ok("apply", "-f", spec.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("get", "groups").out().matches("(?s).*workers\\s+3\\s+3\\s+3\\s+0\\s+yes.*"));
    }

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    @Test
    void followsAnUpdateToTheEndAndSaysWhenThereIsNone() {
        assertThat(cli.ok("rollout", "status", "workers").out())
                .isEqualTo("no rolling update in progress for group 'workers' (3 of 3 members on the current config)\n");

        cli.ok("apply", "-f", spec.toString(), "--var", "release=v2");
        CliRun.Result r = cli.ok("rollout", "status", "workers", "--interval", "100", "--timeout", "60");
        assertThat(r.out()).startsWith("rolling update of group 'workers'   ■ new config  □ old config  ○ in flight\n")
                .containsPattern("workers  [■○]*□+  \\d new, \\d old, \\d in flight of 3")
                .contains("workers  ■■■  3 new, 0 old, 0 in flight of 3")
                .containsPattern("rolling update complete: 3 members on the new config in \\d+s\\n$")
                .doesNotContain("\u001b[");
        // Later looks show the pace once a member was replaced.
        assertThat(r.out()).containsPattern("in flight of 3  eta \\d+s");
    }

    @Test
    void exitsOneWhenTheUpdatePausesOnAnUnhealthyNewMember() {
        cli.ok("apply", "-f", spec.toString(), "--var", "init=failed");
        CliRun.Result r = cli.run("rollout", "status", "workers", "--interval", "100", "--timeout", "60");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("rolling update of group 'workers'").containsPattern("\\d new, \\d old");
        assertThat(r.err()).contains("rolling update paused: ")
                .contains("fix the spec and apply it again (a commit resumes the update), or go back with infrakit rollback workers");

        CliRun.Result missing = cli.run("rollout", "status", "nosuch");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("group 'nosuch' is not managed here");
        assertThat(cli.run("rollout", "status", "--help").out()).contains("Usage: infrakit rollout status");
    }
}
