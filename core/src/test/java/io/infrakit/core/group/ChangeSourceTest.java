package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real timers and threads: a provider's push heals a group long before the next poll. */
class ChangeSourceTest {

    /** A fake provider that can also push changes, as the simulator and Docker do. */
    static final class WatchablePlugin extends FakeInstancePluginDelegate implements InstanceChangeSource {
        final List<Consumer<InstanceChange>> listeners = new CopyOnWriteArrayList<>();

        WatchablePlugin(FakeInstancePlugin inner) {
            super(inner);
        }

        @Override
        public AutoCloseable watch(Consumer<InstanceChange> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void push(InstanceChange change) {
            listeners.forEach(l -> l.accept(change));
        }
    }

    @Test
    void pushedLossIsHealedBeforeTheNextPoll() {
        FakeInstancePlugin inner = new FakeInstancePlugin(Clock.systemUTC());
        WatchablePlugin watched = new WatchablePlugin(inner);
        FakeLookup lookup = new FakeLookup().with("sim/compute", watched).with("vanilla", new FakeFlavor());
        EventBus bus = new EventBus();
        try (GroupControllerPlugin plugin = new GroupControllerPlugin(lookup, bus, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofHours(1), 4, true))) {
            plugin.commitGroup(Harness.scaled("web", 3, 1, ""), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> inner.count() == 3
                    && plugin.controller("web").lastPlan() != null && plugin.controller("web").lastPlan().converged());
            assertThat(watched.listeners).hasSize(1);
            String victim = inner.all().get(0).id();
            inner.lose(victim);
            watched.push(new InstanceChange(InstanceChange.Kind.LOST, victim, Map.of(Tags.GROUP, "web"), "crashed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> inner.count() == 3 && inner.provisions.get() == 4);
            assertThat(bus.history()).anyMatch(e -> e.type() == EventType.LOST && victim.equals(e.instance()));
            plugin.freeGroup("web");
            assertThat(watched.listeners).isEmpty();
        }
    }
}
