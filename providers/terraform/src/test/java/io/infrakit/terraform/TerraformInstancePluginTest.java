package io.infrakit.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin on the real Terraform with its built-in terraform_data resource: nothing to download. */
class TerraformInstancePluginTest {

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    private InstanceSpec spec(String group, String properties) throws Exception {
        return new InstanceSpec(json.readTree(properties), Map.of(Tags.GROUP, group, "tier", "data"), "", null, null);
    }

    private static Set<String> ids(List<InstanceDescription> found) {
        return found.stream().map(InstanceDescription::id).collect(Collectors.toSet());
    }

    @Test
    void provisionsThreeDescribesFromTheStateWithOneShowPerChangeAndDestroys() throws Exception {
        Path real = TerraformEngine.assumeAvailable();
        Path log = tmp.resolve("calls.log");
        try (TerraformInstancePlugin plugin = new TerraformInstancePlugin(
                TerraformEngine.options(TerraformEngine.counting(real, tmp.resolve("bin"), log), tmp.resolve("work")))) {
            InstanceSpec spec = spec("web", "{\"Type\": \"terraform_data\", \"Attributes\": {\"input\": {\"size\": \"small\"}}}");
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                made.add(plugin.provision(i == 2 ? spec.withLogicalId("db-1") : spec));
            }
            assertThat(TerraformEngine.calls(log, "init")).as("init once per working directory").isEqualTo(1);
            assertThat(TerraformEngine.calls(log, "apply")).as("one apply per provision, each of a plan file")
                    .isEqualTo(3).isEqualTo(Files.readAllLines(log).stream().filter(l -> l.startsWith("apply") && l.matches(".* infrakit-[0-9a-f]{8}\\.tfplan")).count());
            assertThat(tmp.resolve("work/web")).isDirectoryContaining("glob:**/" + made.get(0) + ".tf.json");

            long shows = TerraformEngine.calls(log, "show");
            List<InstanceDescription> found = plugin.describeInstances(Map.of(Tags.GROUP, "web"), true);
            assertThat(TerraformEngine.calls(log, "show")).as("one terraform show for the poll, not one per instance").isEqualTo(shows + 1);
            assertThat(ids(found)).containsExactlyInAnyOrderElementsOf(made);
            assertThat(found).allSatisfy(d -> {
                assertThat(d.tags()).containsEntry("tier", "data").containsEntry(Tags.GROUP, "web");
                assertThat(d.properties().path("Address").asText()).isEqualTo("terraform_data." + d.id());
                assertThat(d.properties().path("Values").path("output").path("size").asText()).isEqualTo("small");
            });
            assertThat(found).filteredOn(d -> d.id().equals(made.get(2))).singleElement()
                    .satisfies(d -> assertThat(d.logicalId()).isEqualTo("db-1"));

            // Polls without a change in between are served from the reading: no more terraform show.
            for (int i = 0; i < 5; i++) {
                assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).hasSize(3);
            }
            assertThat(plugin.describeInstances(Map.of("tier", "data"), false)).hasSize(3);
            assertThat(TerraformEngine.calls(log, "show")).isEqualTo(shows + 1);

            // Tags kept in our metadata (terraform_data has no tags): Label needs no apply.
            long applies = TerraformEngine.calls(log, "apply");
            plugin.label(made.get(0), Map.of("owner", "me"));
            assertThat(TerraformEngine.calls(log, "apply")).isEqualTo(applies);
            assertThat(ids(plugin.describeInstances(Map.of("owner", "me"), false))).containsExactly(made.get(0));

            for (String id : made) {
                plugin.destroy(id, DestroyContext.terminate());
            }
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).isEmpty();
            JsonNode state = json.readTree(TerraformEngine.run(real, tmp.resolve("work/web"), "show", "-json").stdout());
            assertThat(state.path("values").path("root_module").path("resources")).isEmpty();
            assertThatThrownBy(() -> plugin.destroy(made.get(0), DestroyContext.terminate()))
                    .isInstanceOf(PluginException.class).hasMessageContaining("no instance " + made.get(0));
        }
    }

    @Test
    void tagsGoIntoTheResourceWhenItTakesThemAndInitIntoItsInitAttribute() throws Exception {
        Path real = TerraformEngine.assumeAvailable();
        try (TerraformInstancePlugin plugin = new TerraformInstancePlugin(TerraformEngine.options(real, tmp.resolve("work")))) {
            InstanceSpec spec = spec("tagged", "{\"Type\": \"terraform_data\", \"TagsAttribute\": \"input\","
                    + " \"InitAttribute\": \"triggers_replace\", \"Tags\": {\"project\": \"p\"}}").withInit("echo hi");
            String id = plugin.provision(spec);
            plugin.label(id, Map.of("owner", "me"));
            JsonNode values = plugin.describeInstances(Map.of(Tags.GROUP, "tagged"), true).getFirst().properties().path("Values");
            assertThat(values.path("input").path(Tags.GROUP).asText()).isEqualTo("tagged");
            assertThat(values.path("input").path("project").asText()).isEqualTo("p");
            assertThat(values.path("input").path("owner").asText()).as("Label applied the new tag").isEqualTo("me");
            assertThat(values.path("triggers_replace").asText()).isEqualTo("echo hi");
            plugin.destroy(id, DestroyContext.terminate());
        }
    }

    @Test
    void concurrentProvisionsNeverCorruptTheState() throws Exception {
        Path real = TerraformEngine.assumeAvailable();
        Path work = tmp.resolve("work");
        // Two plugins on one working directory stand for two processes: only Terraform's state lock is between them.
        try (TerraformInstancePlugin one = new TerraformInstancePlugin(TerraformEngine.options(real, work));
             TerraformInstancePlugin two = new TerraformInstancePlugin(TerraformEngine.options(real, work))) {
            InstanceSpec spec = spec("busy", "{\"Type\": \"terraform_data\", \"Attributes\": {\"input\": \"x\"}}");
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                TerraformInstancePlugin p = i % 3 == 2 ? two : one;
                calls.add(pool.submit((Callable<String>) () -> p.provision(spec)));
            }
            Set<String> made = new HashSet<>();
            List<String> failures = new ArrayList<>();
            for (Future<String> f : calls) {
                try {
                    made.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            pool.shutdown();
            // The plugin's lock serialises its own provisions; the other plugin waits on Terraform's state lock.
            assertThat(failures).isEmpty();
            assertThat(made).hasSize(6);
            JsonNode state = json.readTree(Files.readString(work.resolve("busy/terraform.tfstate")));
            Set<String> inState = new HashSet<>();
            state.path("resources").forEach(r -> inState.add(r.path("name").asText()));
            assertThat(inState).isEqualTo(made);
            assertThat(ids(one.describeInstances(Map.of(Tags.GROUP, "busy"), false))).isEqualTo(made);
            assertThat(ids(two.describeInstances(Map.of(Tags.GROUP, "busy"), false))).isEqualTo(made);
            assertThat(work.resolve("busy/.terraform.tfstate.lock.info")).doesNotExist();
            // A plan from here finds nothing to change: files and state agree.
            TerraformEngine.Ran plan = TerraformEngine.run(real, work.resolve("busy"), "plan", "-detailed-exitcode", "-no-color");
            assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isZero();
        }
    }

    @Test
    void aResourceTerraformRefusesFailsTheProvisionAndLeavesNothing() throws Exception {
        Path real = TerraformEngine.assumeAvailable();
        try (TerraformInstancePlugin plugin = new TerraformInstancePlugin(TerraformEngine.options(real, tmp.resolve("work")))) {
            InstanceSpec bad = spec("broken", "{\"Type\": \"terraform_data\", \"Attributes\": {\"no_such_argument\": 1}}");
            assertThatThrownBy(() -> plugin.provision(bad)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("terraform plan for instance tf-").hasMessageContaining("no_such_argument");
            try (var files = Files.list(tmp.resolve("work/broken"))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tf-") || n.endsWith(".tfplan"));
            }
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "broken"), false)).isEmpty();
        }
    }
}
