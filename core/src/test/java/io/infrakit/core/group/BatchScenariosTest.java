package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.spi.group.GroupStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13, item 8, through the controller: the group.batch option bounds each pass, and the group still converges. */
class BatchScenariosTest {

    @Test
    void aGroupConvergesBatchByBatchWithExactlyOneProvisionPerMember() {
        MutableClock clock = new MutableClock();
        FakeInstancePlugin instances = new FakeInstancePlugin(clock);
        FakeLookup lookup = new FakeLookup().with("sim/compute", instances).with("vanilla", new FakeFlavor());
        try (GroupControllerPlugin plugin = new GroupControllerPlugin(lookup, new EventBus(clock), clock,
                new GroupControllerPlugin.Options(Duration.ofSeconds(1), 4, false, 10), Runnable::run)) {
            plugin.commitGroup(Harness.scaled("web", 95, 1, ""), false);
            plugin.reconcileAll();
            assertThat(instances.count()).isEqualTo(10);
            GroupStatus st = plugin.describeGroup("web").status();
            assertThat(st.converged()).isFalse();
            assertThat(st.message()).contains("now: 10 to provision", "in batches of 10 (group.batch)");
            for (int pass = 2; pass <= 10; pass++) {
                clock.advance(Duration.ofSeconds(1));
                plugin.reconcileAll();
                assertThat(instances.count()).as("after pass %d", pass).isEqualTo(Math.min(95, 10 * pass));
            }
            clock.advance(Duration.ofSeconds(1));
            plugin.reconcileAll();
            assertThat(plugin.describeGroup("web").status().converged()).isTrue();
            assertThat(instances.provisions.get()).isEqualTo(95);

            // Down to 5, ten destroys a pass.
            plugin.commitGroup(Harness.scaled("web", 5, 1, ""), false);
            plugin.reconcileAll();
            assertThat(instances.count()).isEqualTo(85);
        }
    }
}
