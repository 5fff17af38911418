package io.infrakit.vagrant;

import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.testing.GroupHarness;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/vagrant/docker-group.json read by the spec pipeline and run by the real group controller
 * with the vanilla flavor, on the real Vagrant (Docker provider) and Docker engine.
 */
class VagrantGroupTest {

    static final Path EXAMPLE = Path.of("../../examples/vagrant/docker-group.json");

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        VagrantEngine.destroyLeftovers(tmp.resolve("machines"));
    }

    @Test
    void aGroupOfThreeHealsAMemberDestroyedWithVagrantBehindItsBack() throws Exception {
        VagrantEngine.assumeAvailable();
        GroupSpec spec = GroupHarness.example(EXAMPLE, Map.of());
        String group = spec.id();
        assertThat(group).isEqualTo("vagrant-workers");
        Path vagrant = VagrantOptions.resolve("vagrant", System.getenv()).orElseThrow();
        try (VagrantInstancePlugin plugin = new VagrantInstancePlugin(VagrantEngine.options(vagrant, tmp.resolve("machines")));
             // Vagrant sends no events: healing comes from the poll, which reads files only (Properties: false).
                     GroupControllerPlugin groups = GroupHarness.controller("vagrant", plugin, Duration.ofSeconds(2))) {
            plugin.reapAfter(Duration.ofSeconds(5));
            groups.commitGroup(spec, false);
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() -> ready(plugin, group).size() == 3);
            Set<String> first = ids(plugin, group);
            assertThat(first).hasSize(3);
            for (String id : first) {
                assertThat(VagrantEngine.readInContainer(id, "/tmp/infrakit-init.out")).startsWith("hello from ");
            }
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false))
                    .allSatisfy(d -> assertThat(d.tags()).containsEntry("tier", "workers").containsEntry("project", "infrakit-example"));

            // The controller has seen all three; then someone runs vagrant destroy in one folder.
            await().atMost(Duration.ofSeconds(60)).until(() -> groups.describeGroup(group).instances().stream()
                    .map(InstanceDescription::id).collect(Collectors.toSet()).equals(first));
            String victim = first.iterator().next();
            VagrantEngine.Ran r = VagrantEngine.run(List.of(vagrant.toString(), "destroy", "-f"), plugin.folder(victim));
            assertThat(r.exitCode()).as(r.output()).isZero();
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Set<String> now = ready(plugin, group);
                return now.size() == 3 && !now.contains(victim);
            });
            assertThat(ids(plugin, group)).hasSize(3).doesNotContain(victim);
            // Its folder goes once it has been gone for a while (5 s here, a minute by default).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> !Files.exists(plugin.folder(victim)));

            groups.destroyGroup(group);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() -> ids(plugin, group).isEmpty());
            try (var left = Files.list(tmp.resolve("machines"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    private static Set<String> ids(VagrantInstancePlugin plugin, String group) {
        return GroupHarness.ids(plugin, group);
    }

    /** Members up with their Init done. */
    private static Set<String> ready(VagrantInstancePlugin plugin, String group) {
        return plugin.describeInstances(Map.of(Tags.GROUP, group), false).stream()
                .filter(d -> Tags.INIT_SUCCEEDED.equals(d.tag(Tags.INIT_STATUS))).map(InstanceDescription::id).collect(Collectors.toSet());
    }
}
