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
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    @Test
    void planShowsTheChangedFieldsAndItsDetailedExitCode() throws IOException {
        // A group not stored yet: every field is added.
        CliRun.Result fresh = cli.run("plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(fresh.code()).as(fresh.err()).isEqualTo(2);
        assertThat(fresh.out()).contains("workers: new group: add 2, remove 0, replace 0", "+ Allocation.Size: 2",
                "+ Instance.Properties.release: \"v1\"");

        cli.ok("apply", "-f", spec.toString());
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
        assertThat(cli.ok("group", "inspect", "workers").out()).contains("v1").doesNotContain("v2");
    }

    @Test
    void historyListsVersionsWithWhatChangedAndRollbackGoesToAnyKeptVersion() {
        cli.ok("apply", "-f", spec.toString());
        cli.ok("scale", "workers", "5");
        cli.ok("apply", "-f", spec.toString(), "--var", "size=5", "--var", "release=v2");

        String history = cli.ok("history", "workers").out();
        assertThat(history.lines().toList()).hasSize(5);
        assertThat(history).containsPattern("VERSION\\s+COMMITTED\\s+CHANGE")
                .containsPattern("\\n1\\s+\\S+Z\\s+created\\n")
                .containsPattern("\\n2\\s+\\S+Z\\s+Allocation.Size 2 -> 5\\n")
                .containsPattern("\\n3\\s+\\S+Z\\s+Instance.Properties.release \"v1\" -> \"v2\"\\n")
                .contains("current: version 3");
        assertThat(cli.ok("history", "workers", "-o", "json").out()).contains("\"Change\" : \"Allocation.Size 2 -> 5\"");

        assertThat(cli.ok("rollback", "workers", "--to-version", "1").out())
                .startsWith("Rolled back group 'workers' to version 1: ");
        String inspected = cli.ok("group", "inspect", "workers").out();
        assertThat(inspected).contains("\"release\" : \"v1\"").containsPattern("\"Size\" : 2\\b");
        assertThat(cli.ok("history", "workers").out()).containsPattern("\\n4\\s+\\S+Z\\s+2 fields changed: Allocation.Size, Instance.Properties.release\\n");
        // Plain rollback is still one step back: the content of version 3, the one before 4.
        assertThat(cli.ok("rollback", "workers").out()).startsWith("Rolled back group 'workers' to version 3");

        CliRun.Result missing = cli.run("rollback", "workers", "--to-version", "42");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("group 'workers' has no kept version 42: the kept versions are 1, 2, 3, 4, 5");
        for (String bad : new String[]{"0", "-1", "two"}) {
            CliRun.Result refused = cli.run("rollback", "workers", "--to-version", bad);
            assertThat(refused.code()).as(bad + ": " + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains(bad);
        }
        CliRun.Result unknown = cli.run("history", "nosuch");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("group 'nosuch' is not managed here");
        assertThat(cli.ok("history", "--help").out()).contains("Usage: infrakit history");
    }
}
