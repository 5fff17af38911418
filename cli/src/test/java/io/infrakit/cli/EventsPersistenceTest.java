package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The manager keeps events in $INFRAKIT_HOME/events: they survive a restart, within their bound. */
class EventsPersistenceTest {

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    private Path spec() throws Exception {
        return Files.writeString(cli.home.resolve("workers.yml"), PlanAndHistoryTest.SPEC);
    }

    private void convergedWithTwo() {
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("get", "groups").out().matches("(?s).*workers\\s+2\\s+2\\s+2\\s+0\\s+yes.*"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.run("events").out().contains("CONVERGED"));
    }

    @Test
    void eventsBeforeARestartAreListedAfterIt() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        cli.ok("apply", "-f", spec().toString());
        convergedWithTwo();
        List<String> before = cli.ok("events", "--group", "workers").out().lines().toList();
        assertThat(before).anyMatch(l -> l.contains("PROVISIONED")).anyMatch(l -> l.contains("CONVERGED"));
        daemon.close();
        daemon = null;

        Path file = cli.home.resolve("events/group.jsonl");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

        cli = new CliRun(cli.home);
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        List<String> after = cli.ok("events", "--group", "workers").out().lines().toList();
        assertThat(after).containsSubsequence(before);
        // describe answers once the new leader has handed the stored group to the controller again
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("describe", "group", "workers").code() == 0);
        assertThat(cli.ok("describe", "group", "workers", "--events", "100").out()).contains(before.get(0).strip());

        assertThat(cli.ok("events", "--tail", "1").out().lines()).hasSize(1);
        assertThat(cli.ok("events", "--tail", "0").out()).isEmpty();
        assertThat(cli.ok("events", "--since", "1h").out().lines().toList()).containsSubsequence(before);
        assertThat(cli.ok("events", "--since", "1h", "--tail", "2").out().lines()).hasSize(2);
        CliRun.Result badSince = cli.run("events", "--since", "yesterday");
        assertThat(badSince.code()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since", "'yesterday' is not a duration");
        CliRun.Result badTail = cli.run("events", "--tail", "-3");
        assertThat(badTail.code()).isEqualTo(2);
        assertThat(badTail.err()).contains("--tail -3 is negative");
    }

    @Test
    void theCountBoundIsEnforced() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms", "manager.events-max-count=4");
        cli.ok("apply", "-f", spec().toString());
        convergedWithTwo();
        List<String> kept = cli.ok("events").out().lines().toList();
        assertThat(kept).hasSize(4).last().asString().contains("CONVERGED");
        assertThat(Files.readAllLines(cli.home.resolve("events/group.jsonl")).size()).isLessThanOrEqualTo(4 + 16);
    }
}
