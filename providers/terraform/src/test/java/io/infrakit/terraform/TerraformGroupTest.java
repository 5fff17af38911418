package io.infrakit.terraform;

import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.testing.GroupHarness;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/terraform/data-group.yml read by the spec pipeline and run by the real group controller
 * with the vanilla flavor, on the real Terraform (built-in terraform_data resources).
 */
class TerraformGroupTest {

    static final Path EXAMPLE = Path.of("../../examples/terraform/data-group.yml");

    @TempDir
    Path tmp;

    private static GroupSpec example(Map<String, String> vars) {
        return GroupHarness.example(EXAMPLE, vars);
    }

    @Test
    void aGroupOfThreeHealsAResourceDestroyedBehindItsBackAndRollsANewRelease() throws Exception {
        Path real = TerraformEngine.assumeAvailable();
        Path log = tmp.resolve("calls.log");
        Path work = tmp.resolve("work");
        try (TerraformInstancePlugin plugin = new TerraformInstancePlugin(
                TerraformEngine.options(TerraformEngine.counting(real, tmp.resolve("bin"), log), work));
             GroupControllerPlugin groups = GroupHarness.controller("terraform", plugin, Duration.ofMillis(500))) {
            GroupSpec spec = example(Map.of());
            String group = spec.id();
            assertThat(group).isEqualTo("data-workers");
            groups.commitGroup(spec, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids(plugin, group).size() == 3);
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), true)).allSatisfy(d -> {
                assertThat(d.tags()).containsEntry("role", "worker").containsEntry("project", "data-workers");
                assertThat(d.properties().path("Values").path("input").path("release").asText()).isEqualTo("1");
            });

            // The controller polls every 500 ms; the state is read again only when it changed.
            settled(groups, plugin, group);
            long shows = TerraformEngine.calls(log, "show");
            Thread.sleep(2_000);
            assertThat(TerraformEngine.calls(log, "show")).as("polls of an unchanged state run no terraform show").isEqualTo(shows);

            // Someone destroys one resource with terraform itself: the group replaces it.
            Set<String> before = ids(plugin, group);
            String victim = before.iterator().next();
            TerraformEngine.Ran r = TerraformEngine.run(real, work.resolve(group), "apply", "-destroy", "-auto-approve",
                    "-no-color", "-target=terraform_data." + victim);
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<String> now = ids(plugin, group);
                return now.size() == 3 && !now.contains(victim);
            });
            // Its file went with it: an apply does not bring it back beside its replacement.
            assertThat(work.resolve(group).resolve(victim + ".tf.json")).doesNotExist();

            // A new release: every member is replaced, one at a time.
            Set<String> healed = ids(plugin, group);
            groups.commitGroup(example(Map.of("RELEASE", "2")), false);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                var now = plugin.describeInstances(Map.of(Tags.GROUP, group), true);
                return now.size() == 3 && now.stream().allMatch(d -> "2".equals(d.properties().path("Values").path("input").path("release").asText()));
            });
            assertThat(ids(plugin, group)).doesNotContainAnyElementsOf(healed);

            groups.destroyGroup(group);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids(plugin, group).isEmpty());
            try (var files = Files.list(work.resolve(group))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tf-") || n.endsWith(".tfplan"));
            }
        }
    }

    private static void settled(GroupControllerPlugin groups, TerraformInstancePlugin plugin, String group) {
        GroupHarness.settled(groups, plugin, group, Duration.ofSeconds(20));
    }

    private static Set<String> ids(TerraformInstancePlugin plugin, String group) {
        return GroupHarness.ids(plugin, group);
    }
}
