package io.infrakit.core.event;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBusTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void deliversToSubscribersUntilClosed() throws Exception {
        EventBus bus = new EventBus(clock, 10);
        List<Event> got = new ArrayList<>();
        AutoCloseable sub = bus.subscribe(got::add);
        bus.publish(EventType.PROVISIONED, "g", "i-1", "scale up");
        sub.close();
        bus.publish(EventType.DESTROYED, "g", "i-1", null);
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.PROVISIONED);
            assertThat(e.group()).isEqualTo("g");
            assertThat(e.instance()).isEqualTo("i-1");
            assertThat(e.time()).isEqualTo(clock.instant());
            assertThat(e.sequence()).isEqualTo(1);
        });
    }

    @Test
    void keepsABoundedHistory() {
        EventBus bus = new EventBus(clock, 3);
        for (int i = 0; i < 5; i++) {
            bus.publish(EventType.HEALTHY, "g", "i-" + i, null);
        }
        assertThat(bus.history()).extracting(Event::instance).containsExactly("i-2", "i-3", "i-4");
        assertThat(bus.since(4)).extracting(Event::sequence).containsExactly(5L);
        assertThatThrownBy(() -> new EventBus(clock, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void aFailingSubscriberDoesNotStopOthers() {
        EventBus bus = new EventBus(clock, 10);
        List<Event> got = new ArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        bus.subscribe(got::add);
        bus.publish(EventType.CONVERGED, "g", null, "3 members");
        assertThat(got).hasSize(1);
        assertThat(got.get(0).toString()).contains("CONVERGED group=g 3 members");
    }
}
