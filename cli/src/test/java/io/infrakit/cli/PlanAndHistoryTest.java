package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} with its field diff and {@code --detailed-exitcode}; {@code history} and {@code rollback --to-version}. */
class PlanAndHistoryTest {

    static final String SPEC = """
            kind: group
            metadata:
              name: workers
            properties:
              Allocation:
                Size: {{ size | default(2) }}
              Flavor:
                Plugin: vanilla
                Properties:
                  Init: [echo hi]
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
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        spec = Files.writeString(cli.home.resolve("workers.yml"), SPEC);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        cli.delete();
    }

    private CliRun.Result ok(String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void planShowsTheChangedFieldsAndItsDetailedExitCode() throws IOException {
        // A group not stored yet: every field is added.
        CliRun.Result fresh = cli.run("plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(fresh.code()).as(fresh.err()).isEqualTo(2);
        assertThat(fresh.out()).contains("workers: new group: add 2, remove 0, replace 0", "+ Allocation.Size: 2",
                "+ Instance.Properties.release: \"v1\"");

        ok("apply", "-f", spec.toString());
        CliRun.Result same = cli.run("plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).isEqualTo("workers: no changes\n");

        CliRun.Result changed = cli.run("plan", "-f", spec.toString(), "--var", "release=v2", "--var", "size=3", "--detailed-exitcode");
        assertThat(changed.code()).as(changed.err()).isEqualTo(2);
        assertThat(changed.out()).contains("~ Allocation.Size: 2 -> 3", "~ Instance.Properties.release: \"v1\" -> \"v2\"")
                .doesNotContain("Flavor.").doesNotContain("\u001b[");
        // Without the flag a plan with changes is a success, as before.
        assertThat(cli.run("plan", "-f", spec.toString(), "--var", "release=v2").code()).isZero();

        // Errors are 1 with the flag (2 stays "changes"), 2 (bad input) without.
        Path bad = Files.writeString(cli.home.resolve("bad.yml"), SPEC.replace("Size: {{ size | default(2) }}", "Size: -3"));
        CliRun.Result refused = cli.run("plan", "-f", bad.toString(), "--detailed-exitcode");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("Allocation.Size");
        assertThat(cli.run("plan", "-f", bad.toString()).code()).isEqualTo(2);
        // Nothing was committed by any plan.
        assertThat(ok("group", "inspect", "workers").out()).contains("v1").doesNotContain("v2");
    }
}
