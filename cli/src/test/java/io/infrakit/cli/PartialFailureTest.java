package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.MemoryInstancePlugin;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two groups, one on a plugin that stops: every list still shows both, the broken one marked
 * Unreachable, exit 0; {@code status} names the missing plugin. One daemon for all the cases,
 * including the "group not found" wording every command shares.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartialFailureTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER = """
            kind: group
            metadata:
              name: other
            properties:
              Allocation:
                Size: 2
              Flavor:
                Plugin: vanilla
              Instance:
                Plugin: mem/compute
                Properties: {}
            """;

    static CliRun cli;
    static CompletableFuture<CliRun.Result> daemon;
    static RpcServer mem;

    @BeforeAll
    static void start() throws Exception {
        cli = new CliRun();
        mem = new RpcServer(cli.plugins.resolve("mem"),
                new Dispatcher("mem", Map.of("compute", new MemoryInstancePlugin()), RpcInterfaces.standard())).start();
        daemon = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> daemon.complete(cli.run("up")));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> converged("workers"));
        Path spec = Files.writeString(cli.home.resolve("other.yml"), OTHER);
        CliRun.Result apply = cli.run("apply", "-f", spec.toString());
        assertThat(apply.code()).as(apply.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> converged("other"));
        mem.close(); // the plugin behind group 'other' stops
    }

    static boolean converged(String id) {
        CliRun.Result r = cli.run("get", "groups", id, "-o", "json");
        try {
            return r.code() == 0 && JSON.readTree(r.out()).get(0).path("Status").asText().equals("Converged");
        } catch (Exception e) {
            return false;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (mem != null) {
            mem.close();
        }
        if (!daemon.isDone()) {
            cli.signalShutdown();
        }
        daemon.get(30, TimeUnit.SECONDS);
        cli.delete();
    }

    @Test
    @Order(1)
    void getGroupsListsBothAndMarksTheBrokenOne() throws Exception {
        CliRun.Result r = cli.run("get", "groups");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^ID\\s+DESIRED\\s+RUNNING\\s+HEALTHY\\s+UPDATING\\s+CONVERGED\\s+STATUS$")
                .containsPattern("(?m)^other\\s+2\\s+\\?\\s+\\?\\s+\\?\\s+\\?\\s+Unreachable$")
                .containsPattern("(?m)^workers\\s+5\\s+5\\s+.*Converged$");
        assertThat(r.err()).contains("warning: group 'other' cannot be read: ").contains("mem");

        JsonNode json = JSON.readTree(cli.run("get", "groups", "-o", "json").out());
        assertThat(json).hasSize(2);
        JsonNode other = json.get(0).path("ID").asText().equals("other") ? json.get(0) : json.get(1);
        assertThat(other.path("Status").asText()).isEqualTo("Unreachable");
        assertThat(other.path("Error").asText()).contains("mem");

        CliRun.Result only = cli.run("get", "groups", "other");
        assertThat(only.code()).as("nothing could be read").isEqualTo(1);
        assertThat(only.out()).contains("Unreachable");
    }

    @Test
    @Order(2)
    void getInstancesAndDescribeShowEveryGroup() {
        CliRun.Result r = cli.run("get", "instances");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^GROUP\\s+ID\\s+LOGICAL ID\\s+STATUS\\s+HEALTH\\s+AGE\\s+CONFIG$")
                .containsPattern("(?m)^other\\s+\\?\\s+-\\s+Unreachable")
                .containsPattern("(?m)^workers\\s+\\S+\\s+-\\s+Running\\s+(Healthy|Unknown)\\s+\\d+[sm]\\s+\\w{8}$");

        CliRun.Result d = cli.run("describe", "group", "other");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("Status:      Unreachable: desired 2; the group cannot be read:")
                .contains("(unknown while the group cannot be read)").contains("Spec:");
    }

    @Test
    @Order(3)
    void statusNamesTheMissingPlugin() {
        CliRun.Result r = cli.run("status");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("missing (named by committed groups, not running):")
                .containsPattern("(?m)^\\s+mem\\s+missing\\s+needed by group other;");
    }

    @Test
    @Order(4)
    void everyCommandSaysGroupNotFoundTheSameWay() {
        String said = "error: group 'wrokers' not found; did you mean workers?";
        for (String[] argv : new String[][]{{"get", "groups", "wrokers"}, {"describe", "group", "wrokers"},
                {"events", "--group", "wrokers"}, {"scale", "wrokers", "3"}, {"destroy", "group", "wrokers"},
                {"rollback", "wrokers"}, {"group", "inspect", "wrokers"}, {"group", "describe", "wrokers"},
                {"group", "scale", "wrokers", "3"}, {"group", "destroy", "wrokers"}}) {
            CliRun.Result r = cli.run(argv);
            assertThat(r.code()).as(String.join(" ", argv)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", argv)).startsWith(said).doesNotContain("null");
        }
        assertThat(converged("workers")).as("nothing was destroyed or scaled").isTrue();
    }

    @Test
    @Order(5)
    void upTimeoutNamesTheGroupAndTheTimeout() {
        CliRun.Result r = cli.run("up", "--timeout", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("nothing to commit")
                .contains("not converged within 2 s: other; the daemon keeps working on it (see infrakit describe group other)");
    }

    @Test
    @Order(6)
    void outputFormatsForScripts() throws Exception {
        CliRun.Result names = cli.run("get", "groups", "-o", "name");
        assertThat(names.out().lines().toList()).containsExactlyInAnyOrder("group/other", "group/workers");
        CliRun.Result ids = cli.run("get", "instances", "workers", "-o", "jsonpath={.[*].ID}");
        assertThat(ids.code()).isZero();
        assertThat(ids.out().lines().toList()).hasSize(5).doesNotContain("");
        CliRun.Result same = cli.run("get", "instances", "workers", "-o", "ids");
        assertThat(same.out().lines().sorted().toList()).isEqualTo(ids.out().lines().sorted().toList());
        CliRun.Result template = cli.run("get", "instances", "workers", "-o", "template={{.ID}} is {{.Status}}");
        assertThat(template.out().lines().toList()).hasSize(5).allMatch(l -> l.endsWith(" is Running"));
        CliRun.Result noHeaders = cli.run("get", "groups", "--no-headers");
        assertThat(noHeaders.out()).doesNotContain("DESIRED").contains("workers");
        JsonNode instances = JSON.readTree(cli.run("get", "instances", "workers", "-o", "json").out());
        assertThat(instances.get(0).path("Since").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(instances.get(0).path("Status").asText()).isEqualTo("Running");

        CliRun.Result bad = cli.run("get", "groups", "-o", "jsno");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("-o jsno is not a format here: use table, wide, json, yaml, name, ids, jsonpath=EXPR, template=TEXT; did you mean json?");
        CliRun.Result badPath = cli.run("get", "groups", "-o", "jsonpath={.items[?(@.x)]}");
        assertThat(badPath.code()).isEqualTo(2);
        assertThat(badPath.err()).contains("supported: dotted field names, [*] and [N]");
    }

    @Test
    @Order(7)
    void watchPrintsTheTableThenChangesAndStopsWith130() throws Exception {
        CompletableFuture<CliRun.Result> watch = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> watch.complete(cli.run("get", "groups", "-w", "--interval", "200")));
        Thread.sleep(1500);
        cli.signalShutdown(); // Ctrl-C (this also stops the daemon: the last test)
        CliRun.Result r = watch.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(130);
        // piped: the table once, then only rows that changed (none here), no escape codes
        assertThat(r.out().lines().filter(l -> l.startsWith("ID ")).count()).isEqualTo(1);
        assertThat(r.out()).contains("workers").doesNotContain("\033[");
    }
}
