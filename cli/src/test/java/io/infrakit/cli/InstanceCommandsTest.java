package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.MemoryInstancePlugin;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code infrakit instance ...} against a test plugin served on a temp INFRAKIT_PLUGINS_DIR. */
class InstanceCommandsTest {

    CliRun cli;
    MemoryInstancePlugin compute;
    RpcServer server;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRun();
        compute = new MemoryInstancePlugin();
        server = new RpcServer(cli.plugins.resolve("sim"), new Dispatcher("sim", Map.of("compute", compute), RpcInterfaces.standard())).start();
    }

    @AfterEach
    void tearDown() throws IOException {
        server.close();
        cli.delete();
    }

    Path file(String name, String content) throws IOException {
        return Files.writeString(cli.home.resolve(name), content);
    }

    String provision(String name, String content) throws IOException {
        CliRun.Result r = cli.run("instance", "provision", "--plugin", "sim/compute", file(name, content).toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().trim();
    }

    @Test
    void provisionFromJsonAndYaml() throws IOException {
        String a = provision("a.json", "{\"Properties\":{\"cpu\":2},\"Tags\":{\"role\":\"web\"},\"Init\":\"echo hi\",\"LogicalID\":\"db-1\"}");
        String b = provision("b.yml", "Properties:\n  cpu: 1\nTags:\n  role: db\nAttachments:\n  - {ID: vol-1, Type: disk}\n");
        assertThat(compute.instances).containsKeys(a, b);
        InstanceDescription da = compute.instances.get(a);
        assertThat(da.logicalId()).isEqualTo("db-1");
        assertThat(da.tags()).containsEntry("role", "web");
        assertThat(da.properties().get("cpu").asInt()).isEqualTo(2);
        assertThat(compute.instances.get(b).properties().get("cpu").asInt()).isEqualTo(1);
    }

    @Test
    void validate() throws IOException {
        CliRun.Result ok = cli.run("instance", "validate", "--plugin", "sim/compute", file("ok.yml", "Properties: {cpu: 1}\n").toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("valid");
        CliRun.Result bad = cli.run("instance", "validate", "--plugin", "sim/compute", file("bad.yml", "Properties: {bad: 1}\n").toString());
        assertThat(bad.code()).as("a refusal by the plugin is bad input").isEqualTo(2);
        assertThat(bad.err()).contains("property \"bad\" is not allowed: remove it");
    }

    @Test
    void badSpecFilesAreBadInput() throws IOException {
        CliRun.Result unknown = cli.run("instance", "provision", "--plugin", "sim/compute", file("u.yml", "properties: {cpu: 1}\n").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown field \"properties\"").contains("Properties, Tags, Init, LogicalID, Attachments");

        CliRun.Result wrongType = cli.run("instance", "provision", "--plugin", "sim/compute", file("t.yml", "Tags: [a, b]\n").toString());
        assertThat(wrongType.code()).isEqualTo(2);
        assertThat(wrongType.err()).contains("\"Tags\"").contains("map");

        CliRun.Result broken = cli.run("instance", "provision", "--plugin", "sim/compute", file("x.json", "{\"Tags\":").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("not valid JSON");

        CliRun.Result missing = cli.run("instance", "provision", "--plugin", "sim/compute", cli.home.resolve("nope.yml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yml: no such file");
        assertThat(compute.instances).isEmpty();
    }

    @Test
    void describeTableTagsPropertiesJsonYaml() throws IOException {
        String web = provision("a.json", "{\"Properties\":{\"cpu\":2},\"Tags\":{\"role\":\"web\",\"env\":\"prod\"},\"LogicalID\":\"w1\"}");
        String db = provision("b.json", "{\"Properties\":{\"cpu\":4},\"Tags\":{\"role\":\"db\"}}");

        CliRun.Result table = cli.run("instance", "describe", "--plugin", "sim/compute");
        assertThat(table.code()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("LOGICAL").contains("TAGS").doesNotContain("PROPERTIES");
        assertThat(table.out()).contains(web).contains("w1").contains("env=prod,role=web").contains(db).doesNotContain("cpu");

        CliRun.Result filtered = cli.run("instance", "describe", "--plugin", "sim/compute", "--tag", "role=db", "-p");
        assertThat(filtered.out()).contains(db).doesNotContain(web).contains("PROPERTIES").contains("{\"cpu\":4}");

        CliRun.Result json = cli.run("instance", "describe", "--plugin", "sim/compute", "-o", "json", "--tag", "role=web");
        JsonNode parsed = new ObjectMapper().readTree(json.out());
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).get("ID").asText()).isEqualTo(web);
        assertThat(parsed.get(0).get("Tags").get("env").asText()).isEqualTo("prod");
        assertThat(parsed.get(0).has("Properties")).isFalse();

        CliRun.Result yaml = cli.run("instance", "describe", "--plugin", "sim/compute", "-o", "yaml", "-p", "--tag", "role=web");
        assertThat(yaml.out()).contains("ID: \"" + web + "\"").contains("cpu: 2");

        CliRun.Result badFormat = cli.run("instance", "describe", "--plugin", "sim/compute", "-o", "xml");
        assertThat(badFormat.code()).isEqualTo(2);
        CliRun.Result badTag = cli.run("instance", "describe", "--plugin", "sim/compute", "--tag", "role");
        assertThat(badTag.code()).isEqualTo(2);
        assertThat(badTag.err()).contains("key=value");
    }

    @Test
    void labelAndDestroy() throws IOException {
        String id = provision("a.json", "{\"Tags\":{\"role\":\"web\"}}");
        CliRun.Result label = cli.run("instance", "label", "--plugin", "sim/compute", id, "owner=me", "tier=1");
        assertThat(label.code()).as(label.err()).isZero();
        assertThat(compute.instances.get(id).tags()).containsEntry("owner", "me").containsEntry("tier", "1");

        CliRun.Result unknown = cli.run("instance", "label", "--plugin", "sim/compute", "i-999", "a=b");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("instance i-999 not found");

        CliRun.Result destroy = cli.run("instance", "destroy", "--plugin", "sim/compute", id);
        assertThat(destroy.code()).isZero();
        assertThat(destroy.out()).contains("destroyed " + id);
        assertThat(compute.instances).isEmpty();
        assertThat(compute.lastDestroyReason).isEqualTo("terminate");
    }

    @Test
    void missingPluginNamesItAndThePath() {
        CliRun.Result r = cli.run("instance", "describe", "--plugin", "ghost/compute");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("ghost/compute").contains(cli.plugins.resolve("ghost").toString());
    }

    @Test
    void unknownTypeOnALivePlugin() {
        CliRun.Result r = cli.run("instance", "describe", "--plugin", "sim/nosuch");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no-plugin:nosuch").contains("compute");
    }

    @Test
    void usageErrors() {
        assertThat(cli.run("instance", "describe").code()).isEqualTo(2);
        assertThat(cli.run("instance").code()).isEqualTo(2);
        assertThat(cli.run("instance", "label", "--plugin", "sim/compute", "i-1").code()).isEqualTo(2);
        assertThat(cli.run("instance", "nosuch").code()).isEqualTo(2);
        CliRun.Result badTimeout = cli.run("instance", "describe", "--plugin", "sim/compute", "--timeout", "soon");
        assertThat(badTimeout.code()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("--timeout 'soon'");
        assertThat(cli.run("instance", "describe", "--plugin", "sim/compute", "--timeout", "5s").code()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "provision", "describe", "label", "destroy"})
    void helpOnEveryCommand(String command) {
        CliRun.Result r = cli.run("instance", command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: infrakit instance " + command).contains("--plugin");
    }
}
