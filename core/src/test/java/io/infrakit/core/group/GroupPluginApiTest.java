package io.infrakit.core.group;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group/0.1.1 methods: shapes, errors and "nothing changes on error". */
class GroupPluginApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inspectEchoesSpecsInInfraKitsShape() throws Exception {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("cap", 3, 2, ""));
            h.commit(Harness.scaled("big", 1, 1, ""));
            List<GroupSpec> groups = h.plugin.inspectGroups();
            assertThat(groups).extracting(GroupSpec::id).containsExactly("big", "cap");
            // As InfraKit answered Group.InspectGroups in the transcript (plugin names aside).
            assertThat(JSON.writeValueAsString(groups.get(1))).isEqualTo("{\"ID\":\"cap\",\"Properties\":{"
                    + "\"Instance\":{\"Plugin\":\"sim/compute\",\"Properties\":{\"cpu\":2}},"
                    + "\"Flavor\":{\"Plugin\":\"vanilla\",\"Properties\":{\"Init\":[\"echo hello\"],\"Tags\":{\"role\":\"web\"}}},"
                    + "\"Allocation\":{\"Size\":3,\"LogicalIDs\":null},"
                    + "\"Updating\":{\"Duration\":\"0s\",\"Count\":0,\"SkipBeforeInstanceDestroy\":null}}}");
        }
    }

    @Test
    void inspectKeepsOurPolicySection() throws Exception {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, "\"Policy\":{\"MaxSurge\":2,\"HealthyTimeout\":\"5m\"}"));
            String json = JSON.writeValueAsString(h.plugin.inspectGroups().get(0));
            assertThat(json).endsWith(",\"Policy\":{\"MaxSurge\":2,\"HealthyTimeout\":\"5m\"}}}");
        }
    }

    @Test
    void blankIdIsRejectedInInfraKitsWords() {
        try (Harness h = new Harness()) {
            assertThatThrownBy(() -> h.commit(Harness.scaled(" ", 1, 1, "")))
                    .isInstanceOf(PluginException.class).hasMessage("Group ID must not be blank");
        }
    }

    @Test
    void badSpecsAreRejectedWithFieldValueAndFix() {
        try (Harness h = new Harness()) {
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":2,"LogicalIDs":["a"]},
                     "Instance":{"Plugin":"sim/compute"},"Flavor":{"Plugin":"vanilla"}}}""")))
                    .hasMessageContaining("Allocation has both Size (2) and LogicalIDs ([a])");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", -1, 1, "")))
                    .hasMessageContaining("Allocation.Size is -1: a size must be 0 or more");
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":1},"Flavor":{"Plugin":"vanilla"}}}""")))
                    .hasMessageContaining("Instance.Plugin is missing");
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"sim/compute"}}}""")))
                    .hasMessageContaining("Flavor.Plugin is missing");
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"nosuch/thing"},
                     "Flavor":{"Plugin":"vanilla"}}}""")))
                    .hasMessageContaining("Instance.Plugin 'nosuch/thing' cannot be reached")
                    .hasMessageContaining("start that plugin or fix the name");
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"sim/compute"},
                     "Flavor":{"Plugin":"nosuch"}}}""")))
                    .hasMessageContaining("Flavor.Plugin 'nosuch' cannot be reached");
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":"three"},"Instance":{"Plugin":"sim/compute"},
                     "Flavor":{"Plugin":"vanilla"}}}""")))
                    .hasMessageContaining("Allocation.Size");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 1, 1, "\"Policy\":{\"MaxSurg\":2}")))
                    .hasMessageContaining("Policy.MaxSurg is not a known policy field");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 1, 1, "\"Policy\":{\"HealthyTimeout\":\"soon\"}")))
                    .hasMessageContaining("Policy.HealthyTimeout: 'soon' is not a duration");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 1, 1, "\"Policy\":{\"MaxUnhealthy\":\"140%\"}")))
                    .hasMessageContaining("Policy.MaxUnhealthy '140%'");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 1, 1, "\"Policy\":{\"MaxSurge\":0}")))
                    .hasMessageContaining("leave no room to replace a member");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 5, 1, "\"Policy\":{\"MaxInstances\":4}")))
                    .hasMessageContaining("Policy.MaxInstances 4 is below the group size 5");
            assertThatThrownBy(() -> h.commit(Harness.quorum("g", List.of("a", "b"), 1, "\"Policy\":{\"MaxSurge\":1}")))
                    .hasMessageContaining("Policy.MaxSurge 1 cannot be used with Allocation.LogicalIDs");
            assertThatThrownBy(() -> h.commit(Harness.quorum("g", List.of("a", "a"), 1, "")))
                    .hasMessageContaining("lists 'a' twice");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 1, 1,
                    "\"Updating\":{\"Duration\":\"1m\",\"Count\":2}")))
                    .hasMessageContaining("Updating has both Duration (1m) and Count (2)");
            assertThatThrownBy(() -> h.commit(Harness.scaled("g", 1, 1,
                    "\"Updating\":{\"SkipBeforeInstanceDestroy\":\"nothing\"}")))
                    .hasMessageContaining("Updating.SkipBeforeInstanceDestroy 'nothing' is not known");
            assertThat(h.plugin.inspectGroups()).isEmpty();
            assertThat(h.instances.provisions.get()).isZero();
        }
    }

    @Test
    void pluginsValidateTheirSectionsAtCommit() {
        try (Harness h = new Harness()) {
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"sim/compute","Properties":{"bad":1}},
                     "Flavor":{"Plugin":"vanilla"}}}""")))
                    .hasMessageContaining("instance plugin 'sim/compute' rejected Instance.Properties: Properties.bad");
            assertThatThrownBy(() -> h.commit(Harness.spec("""
                    {"ID":"g","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"sim/compute"},
                     "Flavor":{"Plugin":"vanilla","Properties":{"Broken":true}}}}""")))
                    .hasMessageContaining("flavor plugin 'vanilla' rejected Flavor.Properties: Properties.Broken");
        }
    }

    @Test
    void aRejectedCommitLeavesTheGroupAsItWas() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, ""));
            h.tick(2);
            String hash = h.plugin.controller("web").config().configHash();
            assertThatThrownBy(() -> h.commit(Harness.scaled("web", -3, 2, "")));
            assertThat(h.plugin.size("web")).isEqualTo(2);
            assertThat(h.plugin.controller("web").config().configHash()).isEqualTo(hash);
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(2);
        }
    }

    @Test
    void describeListsMembersWithConvergedAndStatus() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, ""));
            GroupDescription before = h.plugin.describeGroup("web");
            assertThat(before.converged()).isFalse();
            h.tick(3);
            GroupDescription d = h.plugin.describeGroup("web");
            assertThat(d.instances()).hasSize(3).allSatisfy(i -> {
                assertThat(i.tag(Tags.GROUP)).isEqualTo("web");
                assertThat(i.properties()).isNull(); // polling never asks for properties
            });
            assertThat(d.converged()).isTrue();
            assertThat(d.status().desired()).isEqualTo(3);
            assertThat(d.status().running()).isEqualTo(3);
            assertThat(d.status().healthy()).isEqualTo(3);
            assertThat(d.status().message()).startsWith("converged");
            assertThat(h.instances.describesWithProperties.get()).isZero();
        }
    }

    @Test
    void freeStopsManagingAndKeepsMembers() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, ""));
            h.tick(3);
            h.plugin.freeGroup("web");
            assertThat(h.plugin.inspectGroups()).isEmpty();
            h.instances.lose(h.instances.all().get(0).id());
            h.tick(5);
            assertThat(h.instances.count()).isEqualTo(2); // nobody replaces it any more
            assertThat(h.instances.destroys.get()).isZero();
            assertThatThrownBy(() -> h.plugin.describeGroup("web")).hasMessageContaining("Group 'web' is not being watched");
            assertThatThrownBy(() -> h.plugin.freeGroup("web")).hasMessageContaining("not being watched");
            // Committing again adopts the two left.
            assertThat(h.commit(Harness.scaled("web", 3, 1, ""))).isEqualTo("Managing 3 instances");
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(3);
            assertThat(h.instances.provisions.get()).isEqualTo(4);
            assertThat(h.events(EventType.FREED)).hasSize(1);
        }
    }

    @Test
    void destroyGroupDestroysEveryMemberAndStops() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 4, 1, ""));
            h.tick(3);
            h.plugin.destroyGroup("web");
            assertThat(h.instances.count()).isZero();
            assertThat(h.instances.destroyReasons).hasSize(4).containsOnly("terminate");
            h.tick(3);
            assertThat(h.instances.count()).isZero();
            assertThat(h.plugin.inspectGroups()).isEmpty();
            assertThat(h.events(EventType.GROUP_DESTROYED)).hasSize(1);
        }
    }

    @Test
    void destroyGroupAlsoDestroysProvisionsNotVisibleYet() {
        try (Harness h = new Harness()) {
            h.instances.visibleAfter = java.time.Duration.ofHours(1);
            h.commit(Harness.scaled("web", 3, 1, ""));
            h.tick(2);
            assertThat(h.instances.count()).isEqualTo(3);
            assertThat(h.instances.visible()).isEmpty();
            h.plugin.destroyGroup("web");
            assertThat(h.instances.count()).isZero();
        }
    }

    @Test
    void destroyInstancesShrinksTheGroup() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 4, 1, ""));
            h.tick(3);
            List<String> ids = h.plugin.describeGroup("web").instances().stream().map(InstanceDescription::id).toList();
            h.plugin.destroyInstances("web", List.of(ids.get(0), ids.get(1)));
            assertThat(h.plugin.size("web")).isEqualTo(2);
            h.tick(5);
            assertThat(h.instances.count()).isEqualTo(2);
            assertThat(h.instances.provisions.get()).isEqualTo(4);
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).containsExactlyInAnyOrder(ids.get(2), ids.get(3));
        }
    }

    @Test
    void destroyInstancesRefusesNonMembersAndChangesNothing() {
        try (Harness h = new Harness()) {
            String stranger = h.instances.add(java.util.Map.of("owner", "me"), null);
            h.commit(Harness.scaled("web", 2, 1, ""));
            h.tick(3);
            String member = h.plugin.describeGroup("web").instances().get(0).id();
            assertThatThrownBy(() -> h.plugin.destroyInstances("web", List.of(member, stranger)))
                    .hasMessageContaining("[" + stranger + "] not members of the group")
                    .hasMessageContaining("nothing was destroyed");
            assertThat(h.instances.destroys.get()).isZero();
            assertThat(h.plugin.size("web")).isEqualTo(2);
        }
    }

    @Test
    void sizeAndSetSize() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, ""));
            assertThat(h.plugin.size("web")).isEqualTo(2);
            h.plugin.setSize("web", 5);
            assertThat(h.plugin.size("web")).isEqualTo(5);
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(5);
            assertThatThrownBy(() -> h.plugin.setSize("web", -1)).hasMessageContaining("size -1 is negative");
            assertThatThrownBy(() -> h.plugin.size("nope")).hasMessageContaining("Group 'nope' is not being watched");
            h.commit(Harness.quorum("db", List.of("a", "b"), 1, ""));
            assertThat(h.plugin.size("db")).isEqualTo(2);
            assertThatThrownBy(() -> h.plugin.setSize("db", 3)).hasMessageContaining("has Allocation.LogicalIDs [a, b]");
            // SetSize is scale-only: the spec's config is unchanged, so nothing rolls.
            assertThat(h.instances.destroys.get()).isZero();
        }
    }

    @Test
    void aCommitResumesAPausedUpdate() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, ""));
            h.tick(3);
            String oldHash = h.plugin.controller("web").config().configHash();
            h.flavor.health = d -> oldHash.equals(d.tag(Tags.CONFIG_HASH))
                    ? io.infrakit.spi.flavor.Health.HEALTHY : io.infrakit.spi.flavor.Health.UNHEALTHY;
            h.commit(Harness.scaled("web", 2, 2, ""));
            h.tick(5);
            assertThat(h.plugin.describeGroup("web").status().updatePaused()).isNotNull();
            h.flavor.health = d -> io.infrakit.spi.flavor.Health.HEALTHY; // the cause is fixed outside
            assertThat(h.commit(Harness.scaled("web", 2, 2, ""))).isEqualTo("Resuming the paused rolling update");
            h.tick(30);
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
            assertThat(h.events(EventType.UPDATE_RESUMED)).hasSize(1);
        }
    }
}
