package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.observe.Observatory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: a scrape of {@code /metrics} reads the controllers' last observation and calls no
 * plugin, here with 100 groups of 100 members (10,000 instances) behind counting fakes. How long
 * it takes is measured by {@code bin/bench metrics}, not here.
 */
class ScrapeCallCountTest {

    static final int GROUPS = 100;
    static final int SIZE = 100;

    final MutableClock clock = new MutableClock();
    final FakeInstancePlugin instances = new FakeInstancePlugin(clock);
    final FakeFlavor flavor = new FakeFlavor();
    GroupControllerPlugin controller;
    Observatory observatory;

    @BeforeEach
    void start() {
        FakeLookup lookup = new FakeLookup().with("sim/compute", instances).with("vanilla", flavor);
        controller = new GroupControllerPlugin(lookup, new EventBus(clock), clock,
                new GroupControllerPlugin.Options(Duration.ofSeconds(10), 32, false), Runnable::run);
        observatory = new Observatory(controller, null, clock, false);
        for (int g = 0; g < GROUPS; g++) {
            controller.commitGroup(Harness.scaled("g" + g, SIZE, 1, ""), false);
        }
        controller.reconcileAll(); // provisions
        controller.reconcileAll(); // sees them and asks the flavor
    }

    @AfterEach
    void stop() {
        observatory.close();
        controller.close();
    }

    private int pluginCalls() {
        return instances.provisions.get() + instances.destroys.get() + instances.describesWithProperties.get()
                + instances.describesWithoutProperties.get() + flavor.healthChecks.get() + flavor.drains.get();
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        observatory.metrics().write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aScrapeOf10000InstancesCallsNoPluginAndCountsEveryGroupAndAHeal() throws Exception {
        assertThat(instances.count()).isEqualTo(GROUPS * SIZE);
        int before = pluginCalls();
        assertThat(before).isGreaterThan(GROUPS * SIZE); // the fakes do count: provisions and health checks

        String text = "";
        for (int i = 0; i < 20; i++) {
            text = scrape();
        }

        assertThat(pluginCalls()).as("plugin calls during 20 scrapes").isEqualTo(before);
        Matcher healthy = Pattern.compile("^infrakit_group_instances\\{group=\"g\\d+\",state=\"healthy\"} 100\\.0$",
                Pattern.MULTILINE).matcher(text);
        assertThat(healthy.results().count()).isEqualTo(GROUPS);
        assertThat(text).contains("infrakit_group_desired_instances{group=\"g42\"} 100.0",
                "infrakit_group_converged{group=\"g42\"} 1.0",
                "infrakit_group_provisions_total{group=\"g42\",outcome=\"success\"} 100.0",
                "infrakit_group_plan_actions_total{group=\"g42\",kind=\"provision\"} 100.0",
                "infrakit_group_reconcile_duration_seconds_count{group=\"g42\"} 2");

        // A member killed behind the controller's back: lost, replaced, counted.
        String id = controller.controller("g7").lastObserved().get(0).id();
        instances.destroy(id, new io.infrakit.spi.instance.DestroyContext("outage"));
        controller.reconcileAll(); // notices the loss and provisions a replacement
        controller.reconcileAll(); // sees it

        text = scrape();
        assertThat(text).contains("infrakit_group_events_total{group=\"g7\",type=\"LOST\"} 1.0",
                "infrakit_group_provisions_total{group=\"g7\",outcome=\"success\"} 101.0",
                "infrakit_group_instances{group=\"g7\",state=\"running\"} 100.0");
    }
}
