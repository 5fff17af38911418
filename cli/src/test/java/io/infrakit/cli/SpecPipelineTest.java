package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import io.infrakit.cli.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every spec entry point reads and validates through the one pipeline: {@code apply}, {@code plan},
 * {@code group commit}, Group.CommitGroup on the manager and on the raw controller, and
 * Controller.Commit, against {@code infrakit plugin start manager group vanilla simulator}.
 */
class SpecPipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Path root = Path.of("").toAbsolutePath().getParent();

    static final String PETS_KIND = """
            kind: group
            metadata: {name: %s}
            properties:
              Allocation:
                LogicalIDs: [db-1, db-2]
              Instance: {Plugin: simulator/compute, Properties: {}}
              Flavor: {Plugin: vanilla, Properties: {Init: [echo pet]}}
            """;
    static final String PETS_LEGACY_YAML = """
            ID: %s
            Properties:
              Allocation: {LogicalIDs: [db-1, db-2, db-3]}
              Instance: {Plugin: simulator/compute, Properties: {}}
              Flavor: {Plugin: vanilla, Properties: {}}
            """;

    CliRun cli;
    ManagerDaemon daemon;

    @BeforeEach
    void start() {
        cli = CliRun.temporary();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
    }

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(cli.home.resolve(name), text);
    }

    /** examples/docker/pets.json as shipped, on the simulator instead of Docker, under another ID. */
    private String petsJson(String id) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(root.resolve("examples/docker/pets.json").toFile());
        doc.put("ID", id);
        ((ObjectNode) doc.get("Properties")).set("Instance", JSON.readTree("{\"Plugin\":\"simulator/compute\",\"Properties\":{}}"));
        return JSON.writeValueAsString(doc);
    }

    /** Group.CommitGroup as any InfraKit client sends it, to {@code socket}. */
    private JsonNode commitGroup(String socket, String id, JsonNode properties) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("Name", socket);
        params.putObject("Spec").put("ID", id).set("Properties", properties);
        ObjectNode req = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "Group.CommitGroup").put("id", 1);
        req.set("params", params);
        return JSON.readTree(RawSocket.post(cli.plugins.resolve(socket), JSON.writeValueAsString(req)));
    }

    private List<String> logicalIds(String id, String plugin) throws Exception {
        JsonNode d = JSON.readTree(cli.ok("group", "describe", id, "--plugin", plugin, "-o", "json").out());
        List<String> ids = new ArrayList<>();
        d.path("Instances").forEach(i -> ids.add(i.path("LogicalID").asText()));
        return ids.stream().sorted().toList();
    }

    @Test
    void petsCommitOnEveryPathInBothShapesAndConvergeWithTheirLogicalIds() throws Exception {
        String[][] specs = {
                {"json", petsJson("%s"), "db-1,db-2,db-3"},
                {"kind", PETS_KIND, "db-1,db-2"},
                {"yaml", PETS_LEGACY_YAML, "db-1,db-2,db-3"}};
        List<String[]> expected = new ArrayList<>();
        for (String[] s : specs) {
            String ext = s[0].equals("json") ? ".json" : ".yml";
            cli.ok("apply", "-f", file("a-" + s[0] + ext, s[1].formatted("apply-" + s[0])).toString());
            expected.add(new String[]{"apply-" + s[0], "group", s[2]});
            cli.ok("group", "commit", file("c-" + s[0] + ext, s[1].formatted("commit-" + s[0])).toString());
            expected.add(new String[]{"commit-" + s[0], "group", s[2]});
            // Group.CommitGroup straight to the raw controller, with the properties the reader produced
            JsonNode props = new io.infrakit.core.spec.SpecReader(java.util.Map.of(), null)
                    .parse("p" + ext, s[1].formatted("rpc-" + s[0])).get(0).properties();
            JsonNode answer = commitGroup("group-stateless", "rpc-" + s[0], props);
            assertThat(answer.has("error")).as(answer.toString()).isFalse();
            expected.add(new String[]{"rpc-" + s[0], "group-stateless", s[2]});
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String[] e : expected) {
                assertThat(logicalIds(e[0], e[1])).as(e[0]).containsExactly(e[2].split(","));
            }
        });
    }

    @Test
    void theExamplesPlanAndCommitWithApplyPlanAndGroupCommit() {
        String quickstart = root.resolve("examples/quickstart.yml").toString();
        assertThat(cli.ok("plan", "-f", quickstart).out()).contains("workers: new group: add 5");
        assertThat(cli.ok("group", "commit", "--pretend", quickstart).out()).contains("Committing workers would involve: Managing 5 instances");
        assertThat(cli.ok("apply", "-f", quickstart).out()).contains("group workers committed: Managing 5 instances");

        // libvirt is not running here: the file reads (its {{.ID}} is the plugin's), and the refusal is about the plugin.
        String libvirt = root.resolve("examples/libvirt/group.yml").toString();
        CliRun.Result plan = cli.run("plan", "-f", libvirt);
        assertThat(plan.code()).isEqualTo(2);
        assertThat(plan.err()).contains("Instance.Plugin 'libvirt' is not a known plugin").doesNotContain("template");
        CliRun.Result commit = cli.run("group", "commit", "--pretend", libvirt);
        assertThat(commit.err()).contains("Instance.Plugin 'libvirt' cannot be reached").doesNotContain("template");
    }

    @Test
    void applyReadsStandardInputAndFolders() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(PETS_KIND.formatted("from-stdin").getBytes(StandardCharsets.UTF_8)));
            assertThat(cli.ok("apply", "-f", "-").out()).contains("group from-stdin committed: Managing 2 instances");
        } finally {
            System.setIn(saved);
        }
        Path dir = Files.createDirectories(cli.home.resolve("specs"));
        Files.writeString(dir.resolve("1-first.yml"), PETS_KIND.formatted("first"));
        Files.writeString(dir.resolve("2-second.json"), petsJson("second"));
        Files.writeString(dir.resolve("README"), "not a spec");
        assertThat(cli.ok("apply", "-f", dir + "/").out())
                .contains("group first committed: Managing 2 instances", "group second committed: Managing 3 instances");
        assertThat(cli.ok("plan", "-f", dir.toString()).out()).contains("first: no changes", "second: no changes");
    }

    @Test
    void aGroupIdOnePathRefusesIsRefusedByEveryPathWithTheSameWords() throws Exception {
        String rule = "group ID 'a/b' is not a plain name: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. workers-2)";
        Path bad = file("bad.yml", PETS_KIND.formatted("a/b"));
        CliRun.Result apply = cli.run("apply", "-f", bad.toString());
        assertThat(apply.code()).isEqualTo(2);
        assertThat(apply.err()).contains(bad + ", group 'a/b': " + rule);
        CliRun.Result commit = cli.run("group", "commit", "--plugin", "group-stateless", bad.toString());
        assertThat(commit.code()).isEqualTo(2);
        assertThat(commit.err()).contains(bad + ", group 'a/b': " + rule);

        JsonNode props = new io.infrakit.core.spec.SpecReader(java.util.Map.of(), null)
                .parse("ok.yml", PETS_KIND.formatted("ok")).get(0).properties();
        for (String socket : List.of("group", "group-stateless")) {
            JsonNode answer = commitGroup(socket, "a/b", props);
            assertThat(answer.at("/error/message").asText()).as(socket).isEqualTo("group 'a/b': " + rule);
        }
        ObjectNode params = JSON.createObjectNode().put("Name", "group").put("Operation", 0);
        params.putObject("Spec").put("kind", "group").set("metadata", JSON.createObjectNode().put("name", "a/b"));
        ((ObjectNode) params.get("Spec")).set("properties", props);
        ObjectNode req = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "Controller.Commit").put("id", 2);
        req.set("params", params);
        JsonNode answer = JSON.readTree(RawSocket.post(cli.plugins.resolve("group"), JSON.writeValueAsString(req)));
        assertThat(answer.at("/error/message").asText()).isEqualTo("group 'a/b': " + rule);
        assertThat(cli.ok("get", "groups").out()).doesNotContain("a/b");
    }
}
