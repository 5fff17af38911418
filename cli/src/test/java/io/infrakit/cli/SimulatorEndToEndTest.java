package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.PluginDaemon;
import io.infrakit.cli.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2's demonstration: with {@code infrakit plugin start simulator vanilla} running, the curl
 * commands of the issue (raw HTTP over the unix socket here) list compute, disk and net and drive
 * Provision, DescribeInstances by tag, Label and Destroy with {@code "Type":"compute"}.
 */
class SimulatorEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    CliRun cli;
    PluginDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        cli = new CliRun();
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "simulator", "vanilla"), "simulator", "vanilla");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        assertThat(cli.plugins.resolve("simulator")).doesNotExist();
        cli.delete();
    }

    JsonNode curl(String socket, String body) throws IOException {
        JsonNode answer = JSON.readTree(RawSocket.post(cli.plugins.resolve(socket), body));
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        return answer.get("result");
    }

    @Test
    void curlCommandsOfTheIssue() throws IOException {
        JsonNode hello = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}");
        List<String> names = new ArrayList<>();
        hello.get("Objects").get("Instance/0.6.1").forEach(o -> names.add(o.get("Name").asText()));
        assertThat(names).containsExactly("compute", "disk", "net");

        JsonNode vanilla = curl("vanilla", "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}");
        assertThat(vanilla.get("Objects").get("Flavor/0.1.1").get(0).get("Name").asText()).isEqualTo(".");

        JsonNode provisioned = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Type\":\"compute\","
                + "\"Spec\":{\"Properties\":{\"cpu\":1},\"Tags\":{\"tier\":\"web\"}}},\"id\":2}");
        assertThat(provisioned.get("Type").asText()).isEqualTo("compute");
        String id = provisioned.get("ID").asText();
        assertThat(id).isNotBlank();
        curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Provision\",\"params\":{\"Type\":\"compute\","
                + "\"Spec\":{\"Properties\":{\"cpu\":2},\"Tags\":{\"tier\":\"db\"}}},\"id\":3}");

        JsonNode byTag = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\","
                + "\"Tags\":{\"tier\":\"web\"},\"Properties\":true},\"id\":4}");
        assertThat(byTag.get("Descriptions")).hasSize(1);
        assertThat(byTag.get("Descriptions").get(0).get("ID").asText()).isEqualTo(id);
        assertThat(byTag.get("Descriptions").get(0).get("Properties").get("cpu").asInt()).isEqualTo(1);

        JsonNode labelled = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Label\",\"params\":{\"Type\":\"compute\","
                + "\"Instance\":\"" + id + "\",\"Labels\":{\"owner\":\"alice\"}},\"id\":5}");
        assertThat(labelled.get("OK").asBoolean()).isTrue();
        JsonNode byLabel = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\","
                + "\"Tags\":{\"owner\":\"alice\"}},\"id\":6}");
        assertThat(byLabel.get("Descriptions").get(0).get("ID").asText()).isEqualTo(id);

        JsonNode destroyed = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Destroy\",\"params\":{\"Type\":\"compute\","
                + "\"Instance\":\"" + id + "\",\"Context\":{\"Reason\":\"terminate\"}},\"id\":7}");
        assertThat(destroyed.get("OK").asBoolean()).isTrue();
        JsonNode after = curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\","
                + "\"Tags\":{\"tier\":\"web\"}},\"id\":8}");
        assertThat(after.get("Descriptions")).isEmpty();
        // The other objects are separate clouds.
        assertThat(curl("simulator", "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"disk\",\"Tags\":{}},\"id\":9}")
                .get("Descriptions")).isEmpty();
    }

    @Test
    void theCliDrivesTheSimulatorToo() throws IOException {
        Path spec = Files.writeString(cli.home.resolve("spec.yml"), "Properties:\n  cpu: 1\nTags:\n  tier: web\n");
        CliRun.Result provision = cli.run("instance", "provision", "--plugin", "simulator/compute", spec.toString());
        assertThat(provision.code()).as(provision.err()).isZero();
        String id = provision.out().trim();
        CliRun.Result describe = cli.run("instance", "describe", "--plugin", "simulator/compute", "--tag", "tier=web");
        assertThat(describe.out()).contains(id).contains("tier=web");
        CliRun.Result ls = cli.run("plugin", "ls");
        assertThat(ls.out()).contains("Instance/0.6.1: compute, disk, net").contains("Flavor/0.1.1: .");
        assertThat(cli.run("instance", "destroy", "--plugin", "simulator/compute", id).code()).isZero();
    }
}
