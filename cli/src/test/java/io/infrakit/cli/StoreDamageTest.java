package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stored spec damaged while the daemon was down (truncated newest version): after the restart
 * {@code get groups}, {@code describe} and {@code status} show the group Damaged with the file and
 * the fix and exit 1; none of its instances is touched; the other group runs on; a rollback to a
 * kept version, asked for by the user, brings it back.
 */
class StoreDamageTest {

    static final String SPEC = """
            kind: group
            metadata:
              name: %s
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
                  release: %s
            """;
    static final String[] OPTS = {"group.poll-interval=200ms", "simulator.persist=true"};

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    private Path spec(String name, int size, String release) throws Exception {
        return Files.writeString(cli.home.resolve(name + "-" + release + ".yml"), SPEC.formatted(name, size, release));
    }

    private int members(String group) {
        return (int) cli.ok("instance", "describe", "--plugin", "simulator/compute", "--tag", "infrakit.group=" + group)
                .out().lines().skip(1).filter(l -> !l.isBlank()).count();
    }

    @Test
    void aTruncatedNewestVersionIsShownDamagedAndLeavesItsInstancesAlone() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, OPTS);
        cli.ok("apply", "-f", spec("workers", 2, "v1").toString());
        cli.ok("apply", "-f", spec("workers", 3, "v2").toString());
        cli.ok("apply", "-f", spec("db", 1, "v1").toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> members("workers") == 3 && members("db") == 1);
        daemon.close();
        daemon = null;

        Path newest = cli.home.resolve("configs/groups/workers/0000000002.json");
        byte[] whole = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(whole, whole.length / 2));

        cli = new CliRun(cli.home);
        daemon = ManagerDaemon.start(cli, OPTS);
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("describe", "group", "db").code() == 0);

        CliRun.Result get = cli.run("get", "groups");
        assertThat(get.code()).isEqualTo(1);
        assertThat(get.out()).containsPattern("workers\\s.*Damaged").containsPattern("db\\s.*Converged");
        assertThat(get.err()).contains("group 'workers' is damaged: " + newest.toAbsolutePath(), "not complete JSON",
                "infrakit rollback workers --to-version 1");

        CliRun.Result describe = cli.run("describe", "group", "workers");
        assertThat(describe.code()).isEqualTo(1);
        assertThat(describe.out()).contains("Status:      Damaged", "File:        " + newest.toAbsolutePath() + " (version 2)",
                "Fix:", "infrakit rollback workers --to-version 1", "  1  committed ");

        CliRun.Result status = cli.run("status");
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.out()).contains("1 running, 1 damaged", "damaged (stored specs that cannot be trusted):", newest.toString());

        // An apply does not go over it; the file and the members stay as they were.
        CliRun.Result apply = cli.run("apply", "-f", spec("workers", 5, "v3").toString());
        assertThat(apply.code()).isEqualTo(1);
        assertThat(apply.err()).contains("damaged", newest.toString()).doesNotContain("Exception");
        assertThat(Files.readAllBytes(newest)).hasSize(whole.length / 2);
        // plan says what apply does: it does not call a damaged group new.
        CliRun.Result plan = cli.run("plan", "-f", spec("workers", 5, "v3").toString());
        assertThat(plan.code()).isEqualTo(2);
        assertThat(plan.err()).contains("is damaged", newest.toString()).doesNotContain("new group");
        Thread.sleep(600);
        assertThat(members("workers")).isEqualTo(3);

        // The user restores version 1 on purpose; the group runs again, at version 1's size.
        assertThat(cli.ok("rollback", "workers", "--to-version", "1").out()).contains("Restored group 'workers' to the content of version 1");
        await().atMost(Duration.ofSeconds(20)).until(() -> members("workers") == 2);
        assertThat(cli.ok("get", "groups").out()).doesNotContain("Damaged");
        assertThat(Path.of(newest + ".damaged")).exists();
        assertThat(cli.ok("status").out()).doesNotContain("damaged");
    }
}
