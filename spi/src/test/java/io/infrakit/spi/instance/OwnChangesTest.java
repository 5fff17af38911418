package io.infrakit.spi.instance;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OwnChangesTest {

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anInstanceIsOwnWhileChangingAndForAWhileAfterItsRemoval() {
        StepClock clock = new StepClock();
        OwnChanges own = new OwnChanges(clock, Duration.ofMinutes(2), 100);
        assertThat(own.isOwn("a")).isFalse();

        own.begin("a");
        own.begin("b");
        assertThat(own.isOwn("a")).isTrue();
        own.end("b"); // provisioned: its later events are real
        assertThat(own.isOwn("b")).isFalse();

        own.removed("a");
        own.end("a");
        clock.now = clock.now.plusSeconds(119);
        assertThat(own.isOwn("a")).as("late events of a removed instance").isTrue();
        clock.now = clock.now.plusSeconds(2);
        assertThat(own.isOwn("a")).as("forgotten after the remember time").isFalse();
    }

    @Test
    void atMostMaxRemovedInstancesAreRemembered() {
        OwnChanges own = new OwnChanges(new StepClock(), Duration.ofHours(1), 3);
        for (String id : List.of("a", "b", "c", "d")) {
            own.removed(id);
        }
        assertThat(own.isOwn("a")).isFalse();
        assertThat(List.of("b", "c", "d")).allMatch(own::isOwn);
    }
}
