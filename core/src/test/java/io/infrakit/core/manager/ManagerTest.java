package io.infrakit.core.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.manager.store.FileLeadership;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.group.GroupPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static io.infrakit.core.manager.store.FileSpecStoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ManagerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PERIOD = Duration.ofMillis(50);

    @TempDir
    Path home;
    final List<Manager> managers = new ArrayList<>();
    final Map<String, Manager> byLocation = new ConcurrentHashMap<>();

    Manager manager(String name, GroupPlugin controller, Duration answerTimeout) {
        Manager m = new Manager(new FileSpecStore(home.resolve("configs")), new FileLeadership(home, PERIOD),
                () -> controller, byLocation::get, answerTimeout, Manager.EventSource.NONE);
        byLocation.put("unix://" + name, m);
        m.start("unix://" + name);
        managers.add(m);
        return m;
    }

    Manager leader(String name, GroupPlugin controller) {
        Manager m = manager(name, controller, Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(m::isLeader);
        return m;
    }

    @AfterEach
    void closeAll() {
        managers.forEach(Manager::close);
    }

    @Test
    void controllerCommitExactlyAsInfraKitsCliSendsItIsAnsweredAtOnceEvenWhenTheControllerHangs() throws Exception {
        FakeGroupController fake = new FakeGroupController();
        fake.hang = new CountDownLatch(1);
        Manager m = manager("m1", fake, Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(5)).until(m::isLeader);
        // params of the request in seeds/000, verbatim
        JsonNode params = JSON.readTree("""
                {"Name":"group","Operation":0,"Spec":{"kind":"group","version":"","metadata":{"name":"workers","tags":null},
                "properties":{"Allocation":{"Size":5},"Flavor":{"Plugin":"vanilla","Properties":{"Init":["sudo apt-get update -y",
                "sudo apt-get install wget curl","wget -qO- https://get.docker.com | sh"],"Tags":{"custom.tag1":"tutorial",
                "custom.tag2":"single-instance","custom.tag3":"by-group"}}},"Instance":{"Plugin":"simulator/compute",
                "Properties":{"apiProperty1":"value1","apiProperty2":"value2"}}}}}""");
        Operation op = JSON.treeToValue(params.get("Operation"), Operation.class);
        ControllerSpec spec = JSON.treeToValue(params.get("Spec"), ControllerSpec.class);

        long t0 = System.nanoTime();
        ControllerObject answer = m.commit(op, spec);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(ms).isLessThan(3000);
        assertThat(answer.metadata().name()).isEqualTo("workers");
        assertThat(answer.state().get("Details").asText()).contains("still accepting");
        assertThat(m.store().get("workers")).isPresent();
        fake.hang.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.groups.containsKey("workers"));
        assertThat(JSON.writeValueAsString(m.specs(null).get(0))).contains("\"kind\":\"group\"", "\"metadata\":{\"name\":\"workers\"");
        assertThat(m.describe(Metadata.named("workers"))).singleElement()
                .satisfies(o -> assertThat(o.state().get("Converged").asBoolean()).isTrue());
    }

    @Test
    void aCommitIsStoredThenHandedOverAndARestartResumesIt() {
        FakeGroupController first = new FakeGroupController();
        Manager m = leader("m1", first);
        assertThat(m.commitGroup(spec("workers", 3), false)).isEqualTo("Managing 3 instances");
        assertThat(first.calls).containsExactly("pretend workers", "commit workers");
        m.close();
        assertThat(first.calls).contains("free workers");

        FakeGroupController second = new FakeGroupController();
        leader("m2", second);
        await().atMost(Duration.ofSeconds(5)).until(() -> second.groups.containsKey("workers"));
        assertThat(sizeOf(second.groups.get("workers"))).isEqualTo(3);
    }

    @Test
    void badSpecsAndRejectedSpecsAreNotStored() {
        FakeGroupController fake = new FakeGroupController();
        Manager m = leader("m1", fake);
        assertThatThrownBy(() -> m.commitGroup(spec("workers", -1), false))
                .hasMessageContaining("Allocation.Size is -1");
        var unknownPlugin = new io.infrakit.spi.group.GroupSpec("w2",
                ((com.fasterxml.jackson.databind.node.ObjectNode) spec("w2", 1).properties().deepCopy())
                        .set("Instance", JSON.createObjectNode().put("Plugin", "nosuch/compute")));
        assertThatThrownBy(() -> m.commitGroup(unknownPlugin, false)).hasMessageContaining("no-plugin:nosuch/compute");
        assertThatThrownBy(() -> m.commit(Operation.ENFORCE, new ControllerSpec("ingress", "", Metadata.named("x"), null, null)))
                .hasMessageContaining("kind 'ingress' is not served here");
        assertThat(m.store().list()).isEmpty();
        assertThat(fake.groups).isEmpty();
    }

    @Test
    void scaleIsStoredAndRollbackRecommitsThePreviousVersion() {
        FakeGroupController fake = new FakeGroupController();
        Manager m = leader("m1", fake);
        m.commitGroup(spec("workers", 3), false);
        m.setSize("workers", 6);
        assertThat(sizeOf(m.store().get("workers").orElseThrow().spec())).isEqualTo(6);
        assertThat(fake.calls).contains("setSize workers 6");

        assertThat(m.rollback("workers")).contains("to version 1");
        assertThat(sizeOf(fake.groups.get("workers"))).isEqualTo(3);
        assertThat(m.history("workers")).extracting(ManagerApi.Version::version).containsExactly(3L, 2L, 1L);

        m.destroyInstances("workers", List.of("i-1"));
        assertThat(sizeOf(m.store().get("workers").orElseThrow().spec())).isEqualTo(2);

        m.destroyGroup("workers");
        assertThat(m.store().list()).isEmpty();
        assertThatThrownBy(() -> m.rollback("workers")).isInstanceOf(PluginException.class).hasMessageContaining("not managed");
    }

    @Test
    void followersForwardToTheLeaderAndTakeOverWhenItCloses() {
        FakeGroupController a = new FakeGroupController();
        FakeGroupController b = new FakeGroupController();
        Manager leader = leader("a", a);
        Manager follower = manager("b", b, Duration.ofSeconds(2));
        assertThat(follower.isLeader()).isFalse();

        follower.commitGroup(spec("workers", 2), false);
        assertThat(a.groups).containsKey("workers");
        assertThat(b.groups).isEmpty();
        assertThat(follower.inspectGroups()).extracting(g -> g.id()).containsExactly("workers");
        assertThat(follower.describeGroup("workers").converged()).isTrue();

        leader.close();
        await().atMost(Duration.ofSeconds(5)).until(follower::isLeader);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.groups.containsKey("workers"));
        assertThat(a.groups).isEmpty();
    }

    /** The stored Allocation.Size of a spec (0 when absent). */
    static int sizeOf(io.infrakit.spi.group.GroupSpec spec) {
        return spec.properties() == null ? 0 : spec.properties().path("Allocation").path("Size").asInt(0);
    }
}
