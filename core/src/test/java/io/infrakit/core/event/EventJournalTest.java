package io.infrakit.core.event;

import io.infrakit.core.group.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJournalTest {

    @TempDir
    Path home;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T00:00:00Z"));

    EventJournal open(int maxCount, Duration maxAge) throws Exception {
        return EventJournal.open(home.resolve("events"), "group.jsonl", new EventJournal.Limits(maxAge, maxCount), clock);
    }

    Event event(String group, String message) {
        return new Event(0, clock.instant(), EventType.PROVISIONED, group, "i-" + message, message);
    }

    @Test
    void eventsSurviveAReopenAndNumberingGoesOn() throws Exception {
        try (EventJournal j = open(100, Duration.ofDays(7))) {
            j.record(event("workers", "a"));
            j.record(new Event(0, clock.instant(), EventType.CONVERGED, "workers", null, null));
        }
        try (EventJournal j = open(100, Duration.ofDays(7))) {
            assertThat(j.since(0)).extracting(Event::sequence, Event::type, Event::instance, Event::message)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, EventType.PROVISIONED, "i-a", "a"),
                            org.assertj.core.groups.Tuple.tuple(2L, EventType.CONVERGED, null, null));
            assertThat(j.record(event("workers", "c")).sequence()).isEqualTo(3);
            assertThat(j.since(2)).extracting(Event::message).containsExactly("c");
        }
        Path dir = home.resolve("events");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("group.jsonl")))).isEqualTo("rw-------");
    }

    @Test
    void theCountBoundHoldsInMemoryAndOnDisk() throws Exception {
        try (EventJournal j = open(10, Duration.ofDays(7))) {
            for (int i = 1; i <= 50; i++) {
                j.record(event("workers", "e" + i));
            }
            assertThat(j.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(j.since(0)).extracting(Event::message).containsExactly(
                    "e41", "e42", "e43", "e44", "e45", "e46", "e47", "e48", "e49", "e50");
            // Compacted whenever it passes the bound plus a tenth (at least 16 lines).
            assertThat(Files.readAllLines(j.path())).hasSizeLessThanOrEqualTo(10 + 16);
        }
        try (EventJournal j = open(10, Duration.ofDays(7))) {
            assertThat(Files.readAllLines(j.path())).hasSize(10);
            assertThat(j.since(0)).hasSize(10).last().extracting(Event::sequence).isEqualTo(50L);
        }
    }

    @Test
    void theAgeBoundDropsOldEventsAndCompactsOnOpen() throws Exception {
        try (EventJournal j = open(1000, Duration.ofHours(1))) {
            j.record(event("workers", "old"));
            clock.advance(Duration.ofMinutes(50));
            j.record(event("workers", "new"));
            clock.advance(Duration.ofMinutes(20));
            assertThat(j.since(0)).extracting(Event::message).containsExactly("new");
        }
        try (EventJournal j = open(1000, Duration.ofHours(1))) {
            assertThat(Files.readAllLines(j.path())).hasSize(1).allMatch(l -> l.contains("\"new\""));
            assertThat(j.record(event("workers", "next")).sequence()).isEqualTo(3);
        }
    }

    @Test
    void olderEventsThanMemoryHoldsAreReadFromTheFile() throws Exception {
        int n = EventJournal.MEMORY + 5;
        try (EventJournal j = open(100_000, Duration.ofDays(7))) {
            for (int i = 1; i <= n; i++) {
                j.record(event("g" + (i % 2), "e" + i));
            }
            assertThat(j.flush(Duration.ofSeconds(10))).isTrue();
            List<Event> all = j.since(0);
            assertThat(all).hasSize(n);
            assertThat(all.get(0).message()).isEqualTo("e1");
            assertThat(all.get(n - 1).message()).isEqualTo("e" + n);
            assertThat(j.since(3)).first().extracting(Event::sequence).isEqualTo(4L);
        }
    }

    @Test
    void olderEventsAreParsedOnceAndEventsLeavingTheMemoryJoinThem() throws Exception {
        int n = EventJournal.MEMORY + 5;
        int max = n + 100;
        try (EventJournal j = open(max, Duration.ofDays(7))) {
            for (int i = 1; i <= n; i++) {
                j.record(event("g", "e" + i));
            }
            assertThat(j.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(j.since(0)).hasSize(n);
            // The file is no longer read: the older events stay the same without it.
            Path moved = j.path().resolveSibling("away.jsonl");
            Files.move(j.path(), moved);
            assertThat(j.since(0)).extracting(Event::sequence).containsExactlyElementsOf(range(1, n));
            for (int i = n + 1; i <= n + 300; i++) {
                j.record(event("g", "e" + i)); // 300 more leave the memory for the older ones; the count bound drops the first 200
            }
            assertThat(j.since(0)).extracting(Event::sequence).containsExactlyElementsOf(range(201, n + 300));
            assertThat(j.since(250)).first().extracting(Event::sequence).isEqualTo(251L);
            assertThat(j.since(n + 290)).hasSize(10);
            Files.move(moved, j.path());
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aTornLineIsSkippedAndFollowedEventsAreRecordedOnceEach() throws Exception {
        try (EventJournal j = open(100, Duration.ofDays(7))) {
            j.record(event("workers", "a"));
        }
        Files.writeString(home.resolve("events/group.jsonl"), "{\"Sequence\":2,\"Ti", StandardOpenOption.APPEND);
        EventBus bus = new EventBus(clock, 100);
        bus.publish(EventType.COMMITTED, "workers", null, "before attach");
        try (EventJournal j = open(100, Duration.ofDays(7))) {
            AutoCloseable following = j.follow(bus::since, Duration.ofMillis(20));
            assertThat(j.since(0)).extracting(Event::message).containsExactly("a", "before attach");
            bus.publish(EventType.CONVERGED, "workers", null, "after attach");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> j.since(0).size() == 3);
            bus.publish(EventType.DESTROYED, "workers", "i-1", "just before close");
            following.close();
            assertThat(j.since(0)).extracting(Event::message).containsExactly("a", "before attach", "after attach", "just before close");
            assertThat(j.since(0)).extracting(Event::sequence).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new EventJournal.Limits(Duration.ZERO, 10)).hasMessageContaining("events-max-age must be more than 0");
        assertThatThrownBy(() -> new EventJournal.Limits(Duration.ofHours(1), 0)).hasMessageContaining("events-max-count 0 must be at least 1");
    }
}
