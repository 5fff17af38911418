package io.infrakit.core.manager;

import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventJournal;
import io.infrakit.core.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The manager's event source read two ways: as pages of text (the wire) and as provisioning times (in process). */
class EventFeedsTest {

    @Test
    void provisioningTimesAreWhatThePagesSay(@TempDir Path home) throws Exception {
        Instant t0 = Instant.parse("2026-11-29T06:11:42.267302200Z");
        try (EventJournal journal = EventJournal.open(home, "group.jsonl", EventJournal.Limits.DEFAULT, Clock.systemUTC())) {
            journal.record(new Event(0, t0, EventType.PROVISIONED, "web", "i-1", "provisioned"));
            journal.record(new Event(0, t0.plusSeconds(1), EventType.PROVISIONED, "db", "i-2", "provisioned"));
            journal.record(new Event(0, t0.plusSeconds(2), EventType.DESTROYED, "web", "i-1", "destroyed"));
            journal.record(new Event(0, t0.plusSeconds(3), EventType.PROVISIONED, "web", "i-3", "provisioned"));
            journal.record(new Event(0, t0.plusSeconds(4), EventType.PROVISIONED, "web", null, "no instance"));
            journal.record(new Event(0, t0.plusMillis(5_500), EventType.PROVISIONED, "web", "i-1", "provisioned again"));
            Manager.EventSource source = EventFeeds.from(journal);

            Map<String, Instant> typed = source.provisioned("web");
            assertThat(typed).isEqualTo(Map.of("i-1", t0.plusMillis(5_500), "i-3", t0.plusSeconds(3)));

            Map<String, Instant> fromPages = new HashMap<>();
            for (ManagerApi.EventView e : source.events(0, "web").events()) {
                if (e.type().equals("PROVISIONED") && e.instance() != null) {
                    fromPages.put(e.instance(), Instant.parse(e.time()));
                }
            }
            assertThat(typed).isEqualTo(fromPages);
            assertThat(source.provisioned("db")).containsOnlyKeys("i-2");
            assertThat(Manager.EventSource.NONE.provisioned("web")).isEmpty();
        }
        // A controller that is not there yet (or keeps no events): no times, as no events.
        Manager.EventSource none = EventFeeds.from(new io.infrakit.spi.plugin.PluginLookup() {
            @Override
            public io.infrakit.spi.instance.InstancePlugin instance(String name) {
                throw new io.infrakit.spi.PluginException("no plugin " + name);
            }

            @Override
            public io.infrakit.spi.flavor.FlavorPlugin flavor(String name) {
                throw new io.infrakit.spi.PluginException("no plugin " + name);
            }

            @Override
            public io.infrakit.spi.group.GroupPlugin group(String name) {
                throw new io.infrakit.spi.PluginException("no plugin " + name);
            }
        }, "group-stateless");
        assertThat(none.provisioned("web")).isEmpty();
        assertThat(none.events(7, "web").events()).isEmpty();
        assertThat(none.events(7, "web").next()).isEqualTo(7);
    }
}
