package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.manager.Manager;
import io.infrakit.core.manager.store.FileLeadership;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one {@code infrakit apply} of one group costs in plugin calls through the manager (the
 * CLI's Applier sends one CommitGroup for one group): each plugin's Validate once, and no
 * DescribeInstances before the controller's first reconcile. With a real cloud each is a paid call.
 */
class CommitCallCountTest {

    @TempDir
    Path home;

    final MutableClock clock = new MutableClock();
    final FakeInstancePlugin instances = new FakeInstancePlugin(clock);
    final AtomicInteger instanceValidates = new AtomicInteger();
    final AtomicInteger describes = new AtomicInteger();
    final FakeFlavor flavor = new FakeFlavor();
    final AtomicInteger flavorValidates = new AtomicInteger();
    GroupControllerPlugin controller;
    Manager manager;

    @BeforeEach
    void start() {
        var countingInstances = new FakeInstancePluginDelegate(instances) {
            @Override
            public void validate(JsonNode properties) {
                instanceValidates.incrementAndGet();
                super.validate(properties);
            }

            @Override
            public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
                describes.incrementAndGet();
                return super.describeInstances(tags, properties);
            }
        };
        FlavorPlugin countingFlavor = new FlavorPlugin() {
            @Override
            public void validate(JsonNode properties, Allocation allocation) {
                flavorValidates.incrementAndGet();
                flavor.validate(properties, allocation);
            }

            @Override
            public InstanceSpec prepare(JsonNode properties, InstanceSpec spec, Allocation allocation, Index index) {
                return flavor.prepare(properties, spec, allocation, index);
            }

            @Override
            public Health healthy(JsonNode properties, InstanceDescription instance) {
                return flavor.healthy(properties, instance);
            }

            @Override
            public void drain(JsonNode properties, InstanceDescription instance) {
                flavor.drain(properties, instance);
            }
        };
        FakeLookup lookup = new FakeLookup().with("sim/compute", countingInstances).with("vanilla", countingFlavor);
        controller = new GroupControllerPlugin(lookup, new EventBus(clock), clock,
                new GroupControllerPlugin.Options(Duration.ofSeconds(1), 32, false), Runnable::run);
        manager = new Manager(new FileSpecStore(home.resolve("configs")), new FileLeadership(home, Duration.ofMillis(50)),
                () -> controller, location -> null, Duration.ofSeconds(5), Manager.EventSource.NONE);
        manager.start("unix://m1");
        await().atMost(Duration.ofSeconds(5)).until(manager::isLeader);
    }

    @AfterEach
    void stop() {
        manager.close();
        controller.close();
    }

    private void resetCounts() {
        instanceValidates.set(0);
        flavorValidates.set(0);
        describes.set(0);
    }

    @Test
    void aNewGroupIsValidatedOnceAndNotObservedBeforeItsFirstReconcile() {
        resetCounts();
        String details = manager.commitGroup(Harness.scaled("web", 2, 1, ""), false);

        assertThat(details).isEqualTo("Managing 2 instances");
        assertThat(instanceValidates.get()).isEqualTo(1);
        assertThat(flavorValidates.get()).isEqualTo(1);
        assertThat(describes.get()).isZero();
        controller.reconcileAll();
        assertThat(describes.get()).isEqualTo(1);
        assertThat(instances.provisions.get()).isEqualTo(2);
    }

    @Test
    void aConfigChangeIsValidatedOnceAndWordedFromTheLastObservation() {
        manager.commitGroup(Harness.scaled("web", 2, 1, ""), false);
        controller.reconcileAll();
        controller.reconcileAll(); // the second observation sees the two members

        resetCounts();
        String details = manager.commitGroup(Harness.scaled("web", 2, 2, ""), false);

        assertThat(details).isEqualTo("Performing a rolling update on 2 instances");
        assertThat(instanceValidates.get()).isEqualTo(1);
        assertThat(flavorValidates.get()).isEqualTo(1);
        assertThat(describes.get()).isZero();

        // plan (a pretend commit) costs the same and changes nothing
        resetCounts();
        assertThat(manager.commitGroup(Harness.scaled("web", 3, 2, ""), true)).isEqualTo("Adding 1 instances to increase the group size to 3");
        assertThat(instanceValidates.get()).isEqualTo(1);
        assertThat(flavorValidates.get()).isEqualTo(1);
        assertThat(describes.get()).isZero();
        assertThat(manager.size("web")).isEqualTo(2);
    }
}
