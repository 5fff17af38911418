package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The size ceiling: the CLI's (INFRAKIT_MAX_SIZE, lifted by --allow-large) and the daemon's
 * (--opt manager.max-size), which also holds across a restart; and a stored group an older
 * version accepted that today's ID rule refuses: still listed, not run, with how to rename it.
 * Small ceilings stand in for 10,000 so that nothing large is provisioned.
 */
class SizeCeilingTest {

    static final String SPEC = """
            kind: group
            metadata:
              name: workers
            properties:
              Allocation:
                Size: %d
              Flavor:
                Plugin: vanilla
                Properties:
                  Init: [echo hi]
              Instance:
                Plugin: simulator/compute
                Properties:
                  release: v1
            """;

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    private String spec(int size) throws Exception {
        return Files.writeString(cli.home.resolve("workers-" + size + ".yml"), SPEC.formatted(size)).toString();
    }

    @Test
    void allowLargeLiftsTheCliCeilingAndTheDaemonsCeilingHoldsAcrossARestart() throws Exception {
        cli = new CliRun();
        cli.extraEnv.put("INFRAKIT_MAX_SIZE", "2");
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms", "manager.max-size=4");

        for (String command : new String[]{"apply", "plan"}) {
            CliRun.Result refused = cli.run(command, "-f", spec(3));
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("Allocation.Size is 3, above the ceiling of 2", "--allow-large");
        }
        CliRun.Result groupCommit = cli.run("group", "commit", spec(3));
        assertThat(groupCommit.code()).isEqualTo(2);
        assertThat(groupCommit.err()).contains("above the ceiling of 2");

        // Above the daemon's ceiling, --allow-large is not enough: the daemon refuses and says how to raise it.
        CliRun.Result daemonRefuses = cli.run("apply", "-f", spec(5), "--allow-large");
        assertThat(daemonRefuses.code()).as(daemonRefuses.err()).isEqualTo(2);
        assertThat(daemonRefuses.err()).contains("Allocation.Size is 5, above the ceiling of 4", "manager.max-size");
        assertThat(cli.run("get", "groups").out()).doesNotContain("workers");

        assertThat(cli.ok("plan", "-f", spec(3), "--allow-large").out()).contains("workers: new group");
        cli.ok("apply", "-f", spec(3), "--allow-large");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().matches("(?s).*workers\\s+3\\s+3.*"));
        daemon.close();

        // The daemon resumes what it accepted: same ceiling, same answer, after a restart.
        cli = new CliRun(cli.home);
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms", "manager.max-size=4");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().matches("(?s).*workers\\s+3\\s+3.*Converged.*"));
        assertThat(cli.run("status").code()).isZero();
    }

    /**
     * Issue 13: at a ceiling raised to 10^7, {@code Size: 10000000} is planned one batch at a time (here
     * group.batch=8, a slow simulator), so the group provisions and the daemon keeps answering; before, the
     * planner built a list of 10^7 actions and the reconcile thread died. (The heap it takes: bin/bench large.)
     */
    @Test
    void tenMillionAtARaisedCeilingProvisionBatchByBatchAndTheDaemonKeepsAnswering() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms", "group.batch=8", "manager.max-size=10000000",
                "simulator.provision-delay=50ms");
        cli.ok("apply", "-f", spec(10_000_000), "--allow-large");
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("get", "groups").out()
                .matches("(?s).*workers\\s+10000000\\s+[1-9][0-9]*\\s.*"));
        CliRun.Result describe = cli.ok("group", "describe", "workers");
        assertThat(describe.out()).contains("10000000 wanted", "in batches of 8 (group.batch)");
        assertThat(cli.run("get", "groups").code()).isZero();
    }

    @Test
    void aStoredIdTheRuleNowRefusesIsListedWithHowToRenameIt() throws Exception {
        cli = new CliRun();
        // As an older version stored it: a space in the ID, no checksum.
        Path dir = cli.home.resolve("configs/groups/web+app");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("0000000001.json"), """
                {"Version":1,"CommittedAt":"2026-01-01T00:00:00Z","Spec":{"ID":"web app","Properties":{
                 "Allocation":{"Size":1},"Instance":{"Plugin":"simulator/compute","Properties":{}},
                 "Flavor":{"Plugin":"vanilla","Properties":{}}}}}""");
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().contains("Damaged"));

        CliRun.Result get = cli.run("get", "groups");
        assertThat(get.code()).isEqualTo(1);
        assertThat(get.err()).contains("group 'web app' is not run", "is not a plain name", "rename the group",
                "infrakit group inspect 'web app'", "infrakit group free 'web app'");
        assertThat(cli.run("status").code()).isEqualTo(1);

        cli.ok("group", "free", "web app");
        assertThat(cli.ok("get", "groups").out()).doesNotContain("web app");
        assertThat(dir).doesNotExist();
    }
}
