package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.PluginDaemon;
import io.infrakit.cli.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * InfraKit's tutorial as its users typed it: {@code infrakit plugin start manager group vanilla
 * simulator}, then a commit of the tutorial's group, by our CLI and by the exact request
 * InfraKit's CLI sent (seeds/000), which InfraKit never answered.
 */
class InfraKitStartLineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Path root = Path.of("").toAbsolutePath().getParent();
    CliRun cli;
    PluginDaemon daemon;

    @BeforeEach
    void start() throws Exception {
        cli = new CliRun();
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "manager", "group", "vanilla", "simulator", "--opt", "group.poll-interval=300ms"),
                "group", "group-stateless");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        assertThat(cli.plugins.resolve("group")).doesNotExist();
        cli.delete();
    }

    @Test
    void theStartLineThenCommitsByOurCliAndByInfraKitsRequest() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.run("status").out().contains("(leader)"));

        String seed = """
                {"jsonrpc":"2.0","method":"Controller.Commit","params":{"Name":"group","Operation":0,"Spec":{"kind":"group","version":"","metadata":{"name":"tutorial","tags":null},"properties":{"Allocation":{"Size":3},"Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{"custom.tag1":"tutorial"}}},"Instance":{"Plugin":"simulator/compute","Properties":{"apiProperty1":"value1"}}}}},"id":3751559271277998634}""";
        long t0 = System.nanoTime();
        JsonNode answer = JSON.readTree(RawSocket.post(cli.plugins.resolve("group"), seed));
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);

        CliRun.Result applied = cli.run("apply", "-f", root.resolve("examples/quickstart.yml").toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("group workers committed: Managing 5 instances");

        CliRun.Result broken = cli.run("apply", "-f", root.resolve("examples/broken.yml").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("Allocation.Size is -3", "nothing was committed");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun.Result groups = cli.run("get", "groups");
            assertThat(groups.out()).containsPattern("tutorial\\s+3\\s+3\\s+3\\s+0\\s+yes")
                    .containsPattern("workers\\s+5\\s+5\\s+5\\s+0\\s+yes").doesNotContain("broken");
        });
        CliRun.Result json = cli.run("get", "instances", "-o", "json");
        assertThat(JSON.readTree(json.out())).hasSize(8);
        CliRun.Result plan = cli.run("plan", "-f", root.resolve("examples/quickstart.yml").toString());
        assertThat(plan.out()).contains("workers: no changes");

        // `up` with a manager already running commits to it and shows progress, then returns
        CliRun.Result up = cli.run("up", root.resolve("examples/quickstart.yml").toString(), "--var", "size=6", "--timeout", "60");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("a manager already runs at", "group workers committed")
                .containsPattern("workers: desired 6, running 6, healthy 6, updating 0 \\(converged\\)");
    }
}
