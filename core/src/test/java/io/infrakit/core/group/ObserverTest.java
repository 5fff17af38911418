package io.infrakit.core.group;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.GroupPolicy;
import io.infrakit.core.group.plan.Member;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.PluginSpec;
import io.infrakit.spi.group.Updating;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The observer against a fake instance plugin and flavor, on a hand-moved clock. */
class ObserverTest {

    static final Duration POLL = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock();
    final FakeInstancePlugin instances = new FakeInstancePlugin(clock);
    final FakeFlavor flavor = new FakeFlavor();
    final EventBus events = new EventBus(clock, 1000);
    final InFlight ledger = new InFlight();
    final Observer observer = new Observer("g", clock, events, Runnable::run, ledger);
    final GroupController.Binding binding = new GroupController.Binding(config(), instances, flavor);

    static GroupConfig config() {
        var node = JsonNodeFactory.instance.objectNode();
        GroupProperties p = new GroupProperties(new PluginSpec("sim/compute", node), new PluginSpec("vanilla", node),
                Allocation.ofSize(2), Updating.DEFAULT);
        return new GroupConfig("g", p, GroupPolicy.defaults(false), "h");
    }

    String member() {
        return instances.add(Map.of(Tags.GROUP, "g", Tags.CONFIG_HASH, "h"), null);
    }

    List<EventType> types() {
        return events.history().stream().map(e -> e.type()).toList();
    }

    @Test
    void describeGroupAsksByTheGroupTagAndFiltersByItAgain() {
        String mine = member();
        instances.add(Map.of(Tags.GROUP, "other"), null);
        instances.add(Map.of("owner", "me"), null);
        // A plugin that ignores the tag filter and answers with everything it has.
        FakeInstancePluginDelegate careless = new FakeInstancePluginDelegate(instances) {
            @Override
            public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
                return super.describeInstances(Map.of(), properties);
            }
        };
        assertThat(Observer.describeGroup(careless, "g")).extracting(InstanceDescription::id).containsExactly(mine);
        assertThat(Observer.describeGroup(instances, "g")).extracting(InstanceDescription::id).containsExactly(mine);
        assertThat(instances.describesWithProperties.get()).as("observing never asks for properties").isZero();
    }

    @Test
    void buildsMembersWithHealthAndPublishesChanges() {
        String a = member();
        List<Member> members = observer.observe(binding, POLL);
        assertThat(members).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(a);
            assertThat(m.group()).isEqualTo("g");
            assertThat(m.health()).isEqualTo(Health.HEALTHY);
            assertThat(m.since()).isEqualTo(clock.instant());
        });
        assertThat(types()).containsExactly(EventType.HEALTHY);
        assertThat(flavor.healthChecks.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        observer.observe(binding, POLL);
        assertThat(flavor.healthChecks.get()).as("not again within the poll interval").isEqualTo(1);

        flavor.health = d -> Health.UNHEALTHY;
        clock.advance(Duration.ofSeconds(5));
        assertThat(observer.observe(binding, POLL)).singleElement()
                .satisfies(m -> assertThat(m.health()).isEqualTo(Health.UNHEALTHY));
        assertThat(types()).containsExactly(EventType.HEALTHY, EventType.UNHEALTHY);
    }

    @Test
    void reportsAMemberLostBehindItsBack() {
        String a = member();
        String b = member();
        observer.observe(binding, POLL);
        instances.lose(b);
        clock.advance(POLL);
        assertThat(observer.observe(binding, POLL)).extracting(Member::id).containsExactly(a);
        assertThat(events.history()).filteredOn(e -> e.type() == EventType.LOST).singleElement()
                .satisfies(e -> {
                    assertThat(e.instance()).isEqualTo(b);
                    assertThat(e.message()).contains("sim/compute");
                });
    }

    @Test
    void writesOffAProvisionThatNeverAppears() {
        observer.observe(binding, POLL);
        InFlight.Started s = ledger.startProvision(ledger.beginAttempt(), null, "h", clock.instant(), false);
        ledger.provisioned(s, "i-never");
        clock.advance(GroupPolicy.DEFAULT_PROVISION_TIMEOUT);
        observer.observe(binding, POLL);
        assertThat(events.history()).filteredOn(e -> e.type() == EventType.PROVISION_TIMED_OUT).singleElement()
                .satisfies(e -> {
                    assertThat(e.instance()).isEqualTo("i-never");
                    assertThat(e.message()).isEqualTo("not visible after 10m0s");
                });
        assertThat(ledger.snapshot().provisions()).isEmpty();
    }

    @Test
    void aFailedListingKeepsTheLedgerAndSaysWhy() {
        member();
        observer.observe(binding, POLL);
        FakeInstancePluginDelegate down = new FakeInstancePluginDelegate(instances) {
            @Override
            public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
                throw new PluginException("connection refused");
            }
        };
        assertThat(observer.observe(new GroupController.Binding(config(), down, flavor), POLL)).isNull();
        assertThat(ledger.lastSeenIds()).hasSize(1);
        assertThat(ledger.view().lastError()).isEqualTo("DescribeInstances on sim/compute failed: connection refused");
        assertThat(types()).contains(EventType.OBSERVE_FAILED).doesNotContain(EventType.LOST);
    }

    @Test
    void aFailingHealthCheckIsUnknownNotUnhealthy() {
        member();
        flavor.health = d -> {
            throw new PluginException("flavor down");
        };
        assertThat(observer.observe(binding, POLL)).singleElement()
                .satisfies(m -> assertThat(m.health()).isEqualTo(Health.UNKNOWN));
        assertThat(ledger.view().lastError()).contains("Healthy on vanilla failed").contains("flavor down");
        assertThat(types()).isEmpty();
    }
}
