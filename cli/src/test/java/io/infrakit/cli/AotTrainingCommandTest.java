package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The hidden training run bin/infrakit records its AOT cache from. */
class AotTrainingCommandTest {

    @Test
    void runsTheClientCommandsAgainstItsOwnSimulatorAndLeavesNothingBehind() throws IOException {
        CliRun cli = new CliRun();
        try {
            CliRun.Result r = cli.run("aot-training");
            assertThat(r.code()).as(r.err()).isZero();
            // It serves its simulator under its own temp home, never the user's plugins folder.
            assertThat(Files.exists(cli.plugins)).isFalse();
            assertThat(cli.run("--help").out()).doesNotContain("aot-training");
        } finally {
            cli.delete();
        }
    }

    @Test
    void daemonTrainingStartsADaemonConvergesAGroupAndStopsIt() throws IOException {
        CliRun cli = new CliRun();
        try {
            CliRun.Result r = cli.run("aot-training", "--daemon");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(Files.exists(cli.plugins)).isFalse();
        } finally {
            cli.delete();
        }
    }
}
