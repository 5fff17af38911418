package io.infrakit.core.group;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.infrakit.core.event.EventBus;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.simulator.SimulatorOptions;
import io.infrakit.vanilla.VanillaFlavor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon log's provisioned/destroyed lines: the first few of a burst each, then one summary per window. */
class ActionLogTest {

    /** Logback's own list appender on the logger the lines go to; detached after each test. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger attached;

    private Logger capture(String name, Level level) {
        attached = (Logger) LoggerFactory.getLogger(name);
        attached.setLevel(level);
        attached.setAdditive(false); // not on the test's console
        lines.start();
        attached.addAppender(lines);
        return attached;
    }

    @AfterEach
    void detach() {
        if (attached != null) {
            attached.detachAppender(lines);
            attached.setLevel(null);
            attached.setAdditive(true);
        }
    }

    private List<String> at(Level level) {
        return lines.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> summaries() {
        return at(Level.INFO).stream().filter(l -> l.contains(" in the last ")).toList();
    }

    private List<String> individual() {
        return at(Level.INFO).stream().filter(l -> l.contains(" instance=")).toList();
    }

    @Test
    void aBurstGetsTheAllowanceOfLinesThenOneSummaryWithTheRightCount() {
        MutableClock clock = new MutableClock();
        ActionLog log = new ActionLog("workers", "provisioned", capture("test.actionlog.burst", Level.INFO), clock);
        for (int i = 0; i < 1000; i++) {
            log.record("i-" + i, "scale up", null);
        }
        assertThat(individual()).hasSize(ActionLog.ALLOWANCE)
                .first().isEqualTo("group=workers instance=i-0 provisioned (scale up)");
        assertThat(summaries()).as("not before the window ends").isEmpty();

        clock.advance(ActionLog.WINDOW);
        log.flushDue();
        assertThat(summaries()).containsExactly("group=workers provisioned 990 more instances in the last 1.0 s"
                + " (each is in `infrakit events`; at DEBUG in this log)");
        assertThat(lines.list).hasSize(ActionLog.ALLOWANCE + 1);
        log.flushDue();
        assertThat(lines.list).as("a window is summarised once").hasSize(ActionLog.ALLOWANCE + 1);
    }

    @Test
    void theLinesDocsObservabilityShowsAreTheLinesWritten() throws Exception {
        MutableClock clock = new MutableClock();
        ActionLog log = new ActionLog("workers", "provisioned", capture("test.actionlog.docs", Level.INFO), clock);
        log.record("1795932908512420840", "scale up to 1000", null);
        for (int i = 1; i < 1000; i++) {
            log.record("i-" + i, "scale up to 1000", null);
        }
        clock.advance(ActionLog.WINDOW);
        log.flushDue();
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/observability.md"));
        assertThat(page).contains(" - " + individual().getFirst() + "\n").contains(" - " + summaries().getFirst() + "\n");
    }

    @Test
    void aBurstThatGoesOnIsSummarisedWindowByWindowAndASingleHealAfterQuietGetsItsOwnLine() {
        MutableClock clock = new MutableClock();
        ActionLog log = new ActionLog("workers", "destroyed", capture("test.actionlog.heal", Level.INFO), clock);
        for (int i = 0; i < 40; i++) {
            log.record("i-" + i, "scale down", null);
        }
        clock.advance(Duration.ofMillis(600));
        for (int i = 40; i < 50; i++) {
            log.record("i-" + i, "scale down", null);
        }
        clock.advance(Duration.ofMillis(600));
        // The burst goes on: the window before is summarised by this action, which gets no fresh allowance.
        for (int i = 50; i < 80; i++) {
            log.record("i-" + i, "scale down", null);
        }
        assertThat(individual()).hasSize(ActionLog.ALLOWANCE);
        assertThat(summaries()).containsExactly("group=workers destroyed 40 more instances in the last 1.0 s"
                + " (each is in `infrakit events`; at DEBUG in this log)");

        clock.advance(Duration.ofSeconds(5));
        log.record("i-heal", "replacing lost i-7", "db-1");
        assertThat(summaries()).last().asString().startsWith("group=workers destroyed 30 instances in the last 1.0 s");
        assertThat(individual()).hasSize(ActionLog.ALLOWANCE + 1)
                .last().isEqualTo("group=workers instance=i-heal destroyed (replacing lost i-7, logical ID db-1)");

        clock.advance(Duration.ofSeconds(5));
        log.flushDue();
        assertThat(summaries()).as("a window within its allowance has no summary").hasSize(2);
    }

    @Test
    void aSmallGroupKeepsEveryLineAndNoSummary() {
        MutableClock clock = new MutableClock();
        ActionLog log = new ActionLog("web", "provisioned", capture("test.actionlog.small", Level.INFO), clock);
        for (int i = 0; i < ActionLog.ALLOWANCE; i++) {
            log.record("i-" + i, "scale up", null);
        }
        clock.advance(Duration.ofSeconds(2));
        log.flushDue();
        log.flushNow();
        assertThat(individual()).hasSize(ActionLog.ALLOWANCE);
        assertThat(summaries()).isEmpty();
    }

    @Test
    void atDebugEveryMemberStillHasItsLine() {
        MutableClock clock = new MutableClock();
        ActionLog log = new ActionLog("workers", "provisioned", capture("test.actionlog.debug", Level.DEBUG), clock);
        for (int i = 0; i < 25; i++) {
            log.record("i-" + i, "scale up", null);
        }
        log.flushNow();
        assertThat(individual()).hasSize(ActionLog.ALLOWANCE);
        assertThat(at(Level.DEBUG)).hasSize(15).last().isEqualTo("group=workers instance=i-24 provisioned (scale up)");
        assertThat(summaries()).singleElement().asString().startsWith("group=workers provisioned 15 more instances in the last 0 ms");
    }

    @Test
    void onAQuietDaemonTheTimerWritesTheSummaryWithoutFurtherActions() throws Exception {
        ActionLog log = new ActionLog("workers", "provisioned", capture("test.actionlog.timed", Level.INFO),
                Clock.systemUTC(), Duration.ofMillis(200), 3);
        log.timed();
        // From many threads at once, as the daemon's virtual threads call it.
        CountDownLatch done = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100; i++) {
                    log.record("i-" + thread + "-" + i, "scale up", null);
                }
                done.countDown();
            });
        }
        done.await();
        await().atMost(Duration.ofSeconds(5)).until(() -> !summaries().isEmpty());
        Thread.sleep(300); // nothing more comes
        assertThat(individual()).hasSize(3);
        assertThat(summaries()).containsExactly("group=workers provisioned 797 more instances in the last 200 ms"
                + " (each is in `infrakit events`; at DEBUG in this log)");
    }

    @Test
    void twoGroupsOfOneControllerAreCountedSeparately() {
        capture(PlanApplier.class.getName(), Level.INFO);
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("a", 30, 1, ""));
            h.commit(Harness.scaled("b", 25, 1, ""));
            h.tick(1);
            assertThat(individual()).filteredOn(l -> l.startsWith("group=a ")).hasSize(ActionLog.ALLOWANCE);
            assertThat(individual()).filteredOn(l -> l.startsWith("group=b ")).hasSize(ActionLog.ALLOWANCE);
            h.tick(1); // the next reconcile after the window summarises it (no timer in the harness)
            assertThat(summaries()).containsExactlyInAnyOrder(
                    "group=a provisioned 20 more instances in the last 1.0 s (each is in `infrakit events`; at DEBUG in this log)",
                    "group=b provisioned 15 more instances in the last 1.0 s (each is in `infrakit events`; at DEBUG in this log)");
            assertThat(h.events(io.infrakit.core.event.EventType.PROVISIONED)).as("every one is an event").hasSize(55);
        }
    }

    @Test
    void aDestroyedGroupSaysHowManyAtOnceThoughItNeverReconcilesAgain() {
        capture(PlanApplier.class.getName(), Level.INFO);
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("a", 30, 1, ""));
            h.tick(2);
            h.plugin.destroyGroup("a");
            assertThat(individual()).filteredOn(l -> l.contains(" destroyed (")).hasSize(ActionLog.ALLOWANCE);
            assertThat(summaries()).filteredOn(l -> l.startsWith("group=a destroyed ")).singleElement().asString()
                    .startsWith("group=a destroyed 20 more instances in the last 0 ms");
        }
    }

    @Test
    void theDaemonsTimerSummarisesABurstLongBeforeTheNextPoll() {
        capture(PlanApplier.class.getName(), Level.INFO);
        SimulatorInstancePlugin sim = new SimulatorInstancePlugin("compute", SimulatorOptions.DEFAULTS, Clock.systemUTC());
        FakeLookup lookup = new FakeLookup().with("simulator/compute", sim).with("vanilla", new VanillaFlavor());
        try (GroupControllerPlugin plugin = new GroupControllerPlugin(lookup, new EventBus(), Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofHours(1), 8, true))) {
            plugin.commitGroup(SimulatorEndToEndTest.tutorial(40, ""), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.size() == 40);
            // Nothing reconciles for an hour: only the window's timer can write the summary.
            await().atMost(Duration.ofSeconds(5)).until(() -> !summaries().isEmpty());
            assertThat(individual()).hasSize(ActionLog.ALLOWANCE);
            assertThat(summaries()).singleElement().asString()
                    .startsWith("group=workers provisioned 30 more instances in the last 1.0 s");
        }
    }

    @Test
    void atWarnNothingIsCountedOrWritten() {
        MutableClock clock = new MutableClock();
        ActionLog log = new ActionLog("workers", "provisioned", capture("test.actionlog.warn", Level.WARN), clock);
        for (int i = 0; i < 50; i++) {
            log.record("i-" + i, "scale up", null);
        }
        log.flushNow();
        assertThat(lines.list).isEmpty();
    }
}
