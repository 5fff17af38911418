package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.PluginDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code infrakit group ...} against {@code infrakit plugin start group simulator vanilla}: the
 * controller finds the simulator and vanilla in its own JVM, the CLI reaches it over its socket.
 */
class GroupCommandsTest {

    static final String TUTORIAL_YAML = """
            kind: group
            metadata:
              name: workers
            properties:
              Allocation:
                Size: %d
              Instance:
                Plugin: simulator/compute
                Properties:
                  apiProperty1: %s
              Flavor:
                Plugin: vanilla
                Properties:
                  Init:
                    - echo hi
                  Tags:
                    custom.tag1: tutorial
            """;

    CliRun cli;
    PluginDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        cli = new CliRun();
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "group", "simulator", "vanilla", "--opt", "group.poll-interval=200ms"),
                "group-stateless", "simulator");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        cli.delete();
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(cli.home.resolve(name), text);
    }

    private List<String> members() {
        return Arrays.stream(cli.ok("group", "describe", "workers", "-q").out().split("\n")).filter(s -> !s.isBlank()).toList();
    }

    @Test
    void commitDescribeScaleFreeAndDestroy() throws IOException {
        Path spec = file("group.yml", TUTORIAL_YAML.formatted(3, "value1"));
        assertThat(cli.ok("group", "commit", spec.toString()).out()).isEqualTo("Committed workers: Managing 3 instances\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.ok("group", "describe", "workers").out().contains("Converged: true"));
        String described = cli.ok("group", "describe", "workers").out();
        assertThat(described).contains("infrakit.config.hash=6e7zxf3iit6jzxufe2vrjyz6yszyr4yh").contains("infrakit.group=workers")
                .contains("3 running of 3 wanted, 3 healthy");
        assertThat(members()).hasSize(3);
        assertThat(cli.ok("group", "ls", "-q").out()).isEqualTo("workers\n");
        assertThat(cli.ok("group", "ls").out()).contains("workers").contains("simulator/compute").contains("vanilla");
        assertThat(cli.ok("group", "inspect", "workers").out()).contains("\"LogicalIDs\" : null").contains("\"SkipBeforeInstanceDestroy\" : null");
        assertThat(cli.ok("group", "inspect", "workers", "-o", "yaml").out()).contains("apiProperty1: \"value1\"");

        // Same spec: nothing to do. Scale: never a rolling update.
        assertThat(cli.ok("group", "commit", spec.toString()).out()).isEqualTo("Committed workers: Noop\n");
        assertThat(cli.ok("group", "scale", "workers").out()).isEqualTo("Group workers at 3 instances\n");
        assertThat(cli.ok("group", "scale", "workers", "5").out()).isEqualTo("Group workers at 3 instances, scale to 5\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> members().size() == 5
                && cli.ok("group", "describe", "workers").out().contains("Converged: true"));

        // What inspect prints commits back as the same spec.
        Path inspected = file("inspected.yml", cli.ok("group", "inspect", "workers", "-o", "yaml").out());
        assertThat(cli.ok("group", "commit", inspected.toString()).out()).isEqualTo("Committed workers: Noop\n");

        // A config change, pretended: nothing changes.
        Path changed = file("changed.yml", TUTORIAL_YAML.formatted(5, "value2"));
        assertThat(cli.ok("group", "commit", "--pretend", changed.toString()).out())
                .isEqualTo("Committing workers would involve: Performing a rolling update on 5 instances\n");
        assertThat(cli.ok("group", "inspect", "workers").out()).contains("value1").doesNotContain("value2");

        // Destroy one member by name: the group shrinks to 4 and does not replace it.
        String victim = members().get(0);
        assertThat(cli.ok("group", "destroy-instances", "workers", victim).out()).isEqualTo("Destroyed 1 instances of group workers\n");
        assertThat(cli.ok("group", "scale", "workers").out()).isEqualTo("Group workers at 4 instances\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> members().size() == 4 && !members().contains(victim));

        // Free keeps the members; committing again adopts them.
        assertThat(cli.ok("group", "free", "workers").out()).contains("Freed group workers");
        assertThat(cli.ok("group", "ls", "-q").out()).isEmpty();
        assertThat(simulated()).isEqualTo(4);
        Path four = file("four.yml", TUTORIAL_YAML.formatted(4, "value1"));
        assertThat(cli.ok("group", "commit", four.toString()).out()).isEqualTo("Committed workers: Managing 4 instances\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.ok("group", "describe", "workers").out().contains("Converged: true"));

        assertThat(cli.ok("group", "destroy", "workers").out()).isEqualTo("Destroyed group workers\n");
        assertThat(simulated()).isZero();
        assertThat(cli.ok("group", "ls", "-q").out()).isEmpty();
    }

    /** Instances of the group in the simulator, asked directly (not through the controller). */
    private int simulated() throws IOException {
        String json = cli.ok("instance", "describe", "--plugin", "simulator/compute", "--tag", "infrakit.group=workers",
                "-o", "json").out();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).size();
    }

    @Test
    void badInputAndFailuresGetTheirExitCodes() throws IOException {
        CliRun.Result missing = cli.run("group", "commit", cli.home.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json: no such file");

        Path negative = file("neg.json", """
                {"ID":"g","Properties":{"Allocation":{"Size":-1},"Instance":{"Plugin":"simulator/compute"},"Flavor":{"Plugin":"vanilla"}}}""");
        CliRun.Result bad = cli.run("group", "commit", negative.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Allocation.Size is -1: a size must be 0 or more");

        Path blank = file("blank.json", """
                {"ID":"","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"simulator/compute"},"Flavor":{"Plugin":"vanilla"}}}""");
        assertThat(cli.run("group", "commit", blank.toString()).err()).contains("Group ID must not be blank");

        Path unknownPlugin = file("unknown.json", """
                {"ID":"g","Properties":{"Allocation":{"Size":1},"Instance":{"Plugin":"nosuch/compute"},"Flavor":{"Plugin":"vanilla"}}}""");
        CliRun.Result unreachable = cli.run("group", "commit", unknownPlugin.toString());
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Instance.Plugin 'nosuch/compute' cannot be reached");
        assertThat(cli.run("group", "ls", "-q").out()).isEmpty();

        CliRun.Result notWatched = cli.run("group", "describe", "ghost");
        assertThat(notWatched.code()).isEqualTo(1);
        // the CLI's one wording for a missing group (was the controller's "Group 'ghost' is not being watched")
        assertThat(notWatched.err()).contains("error: group 'ghost' not found");

        CliRun.Result badSize = cli.run("group", "scale", "ghost", "many");
        assertThat(badSize.code()).isEqualTo(2);
        assertThat(badSize.err()).contains("size 'many' is not a whole number");

        CliRun.Result otherPlugin = cli.run("group", "ls", "--plugin", "nosuch");
        assertThat(otherPlugin.code()).isEqualTo(1);
        assertThat(otherPlugin.err()).contains("nosuch");

        CliRun.Result badTimeout = cli.run("group", "ls", "--timeout", "soon");
        assertThat(badTimeout.code()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("--timeout 'soon' is not a duration");

        assertThat(cli.run("group").code()).isEqualTo(2);
        assertThat(cli.run("group", "destroy-instances", "g").code()).isEqualTo(2);
        assertThat(cli.run("group", "--help").out()).contains("commit").contains("destroy-instances");
    }
}
