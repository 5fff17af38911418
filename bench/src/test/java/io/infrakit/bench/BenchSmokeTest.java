package io.infrakit.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness from rotting: the quick variants of the fast scenarios, with their own checks (exact call
 * counts, convergence, the surge limit) plus ours. Timing targets are not asserted here (CI machines vary).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchSmokeTest {

    @TempDir
    static Path work;

    static BenchConfig config;

    @BeforeAll
    static void setUp() {
        config = new BenchConfig(true, Path.of("..").toAbsolutePath().normalize(), work.resolve("w"), null);
    }

    @Test
    void convergeInProcessMakesExactlyOneProvisionPerInstanceAndNeverAsksForProperties() throws Exception {
        for (int size : List.of(100, 1000)) {
            ConvergeScenario.Run run = ConvergeScenario.runOnce(Rig.Mode.IN_PROCESS, new ConvergeScenario.Case(1, size), config);
            assertThat(run.calls().provision()).isEqualTo(size);
            assertThat(run.calls().destroy()).isZero();
            assertThat(run.calls().describeInstancesWithProperties()).isZero();
            assertThat(run.calls().describeInstances()).isPositive();
            assertThat(run.ms()).isPositive();
        }
    }

    @Test
    void convergeOverTheSocketThroughTheManagerAndManyGroups() throws Exception {
        ConvergeScenario.Run socket = ConvergeScenario.runOnce(Rig.Mode.SOCKET, new ConvergeScenario.Case(1, 100), config);
        assertThat(socket.calls().provision()).isEqualTo(100);
        assertThat(socket.calls().describeInstancesWithProperties()).isZero();
        ConvergeScenario.Run manager = ConvergeScenario.runOnce(Rig.Mode.MANAGER, new ConvergeScenario.Case(2, 50), config);
        assertThat(manager.calls().provision()).isEqualTo(100);
        assertThat(manager.calls().destroy()).isZero();
        ConvergeScenario.Run groups = ConvergeScenario.runOnce(Rig.Mode.IN_PROCESS, new ConvergeScenario.Case(5, 20), config);
        assertThat(groups.calls().provision()).isEqualTo(100);
        assertThat(groups.calls().validate()).isEqualTo(5);
    }

    @Test
    void healReplacesEachRemovedMemberOnceWithEventsAndWithPolling() throws Exception {
        double[] events = HealScenario.measure(Rig.Mode.IN_PROCESS, java.time.Duration.ofSeconds(10), 5, config);
        assertThat(events).hasSize(5);
        // With events the replacement must not wait for the 10 s poll.
        assertThat(Stats.percentile(events, 100)).isLessThan(9_000);
        double[] polling = HealScenario.measure(Rig.Mode.POLLING, java.time.Duration.ofMillis(300), 2, config);
        assertThat(polling).hasSize(2);
        assertThat(Stats.percentile(polling, 0)).isPositive();
    }

    @Test
    void healThroughThePythonPluginInItsOwnProcessComesFromEventsNotThePoll() throws Exception {
        boolean python;
        try {
            python = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            python = false;
        }
        if (!python && "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"))) {
            throw new AssertionError("python3 is required (INFRAKIT_REQUIRE_ENGINES=1) but does not run; install python3");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(python, "python3 not found: skipping the Python plugin heal");
        // A 5 minute poll: a replacement within seconds can only come from the LOST over the wire.
        double[] ms = RemoteHeal.measure(config, RemoteHeal.Plugin.python(config), java.time.Duration.ofMinutes(5), 3);
        assertThat(ms).hasSize(3);
        assertThat(Stats.percentile(ms, 100)).isLessThan(20_000);
    }

    @Test
    void rollingUpdateStaysWithinTheSurgeAndEndsOnTheNewHash() throws Exception {
        RollingUpdateScenario.Outcome o = RollingUpdateScenario.measure(100, config);
        assertThat(o.maxSurge()).isEqualTo(10);
        assertThat(o.mostInstances()).isBetween(100, 110);
        assertThat(o.calls().provision()).isEqualTo(100);
        assertThat(o.calls().destroy()).isEqualTo(100);
        assertThat(o.samples()).isPositive();
    }

    @Test
    void rpcCountsCallsAndLatencies() throws Exception {
        List<RpcScenario.Cell> cells = RpcScenario.measure(List.of(10), List.of(1, 4), 0.3, config);
        assertThat(cells).hasSize(2);
        for (RpcScenario.Cell c : cells) {
            assertThat(c.calls()).isPositive();
            assertThat(c.latenciesMs()).hasSize((int) c.calls());
            assertThat(Stats.percentile(c.latenciesMs(), 50)).isPositive();
        }
    }

    @Test
    void badArgumentsExitWith2AndTheSummaryIsAMarkdownTable() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(BenchMain.run(new String[]{"nosuch"}, System.out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown scenario 'nosuch'").contains("converge");
        assertThat(BenchMain.run(new String[]{"--minutes"}, System.out, errStream)).isEqualTo(2);

        Result r = new Result("x");
        r.row("m", "1 ms", "< 2 ms", true);
        r.row("n", "3 ms", "< 2 ms", false);
        String table = BenchMain.summary(List.of(r), Machine.describe(), true);
        assertThat(table).contains("| x | m | 1 ms | < 2 ms | ok |").contains("| x | n | 3 ms | < 2 ms | MISSED |");
    }

    @Test
    void percentilesUseNearestRank() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(Stats.percentile(v, 50)).isEqualTo(3);
        assertThat(Stats.percentile(v, 100)).isEqualTo(5);
        assertThat(Stats.percentile(v, 0)).isEqualTo(1);
        assertThat(Stats.percentile(new double[100], 99)).isZero();
    }
}
