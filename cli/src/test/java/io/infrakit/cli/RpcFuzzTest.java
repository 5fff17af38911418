package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzed JSON-RPC bodies (mutations of real requests: bytes flipped, cut, types swapped, deep
 * nesting, huge numbers, batches) against a live daemon's sockets: every answer is a well-formed
 * JSON-RPC 2.0 answer with no Java text in it, and the daemon still commits and converges after.
 * Bounded (a few thousand bodies, seeded) so it runs in seconds; {@code bin/bench} can run more.
 */
class RpcFuzzTest {

    static final int BODIES = 1500;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SEEDS = List.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Implements\",\"params\":{},\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Group.CommitGroup\",\"params\":{\"Name\":\"group\",\"Pretend\":true,\"Spec\":{\"ID\":\"fz\","
                    + "\"Properties\":{\"Allocation\":{\"Size\":1},\"Instance\":{\"Plugin\":\"simulator/compute\",\"Properties\":{}},"
                    + "\"Flavor\":{\"Plugin\":\"vanilla\",\"Properties\":{}}}}},\"id\":2}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Group.DescribeGroup\",\"params\":{\"Name\":\"group\",\"ID\":\"nosuch\"},\"id\":3}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Manager.History\",\"params\":{\"Name\":\"group\",\"ID\":\"nosuch\"},\"id\":4}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Manager.RollbackTo\",\"params\":{\"Name\":\"group\",\"ID\":\"nosuch\",\"Version\":3},\"id\":5}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{\"x\":\"y\"},"
                    + "\"Properties\":false},\"id\":6}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Validate\",\"params\":{\"Type\":\"compute\",\"Properties\":{\"cpu\":1}},\"id\":7}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Flavor.Validate\",\"params\":{\"Type\":\"\",\"Properties\":{},\"Allocation\":{\"Size\":1}},\"id\":8}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Controller.Describe\",\"params\":{\"Name\":\"group\",\"Metadata\":{\"name\":\"nosuch\"}},\"id\":9}");
    static final List<String> TOKENS = List.of("null", "true", "-1", "1e999", "99999999999999999999999", "\"\"", "[]", "{}",
            "\"\\u0000\"", "\"" + "x".repeat(5000) + "\"", "[".repeat(3000) + "]".repeat(3000), "{\"a\":" .repeat(200) + "1" + "}".repeat(200), "1.5");

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    @Test
    void fuzzedBodiesGetJsonRpcAnswersAndTheDaemonKeepsWorking() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        List<Path> sockets = List.of("group", "group-stateless", "simulator", "vanilla").stream().map(cli.plugins::resolve).toList();
        Random random = new Random(13);
        int errors = 0;
        try (UnixHttp http = new SimpleUnixHttp()) {
            for (int i = 0; i < BODIES; i++) {
                String body = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                Path socket = sockets.get(random.nextInt(sockets.size()));
                UnixHttp.Answer a = http.post(socket, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
                String text = new String(a.body(), StandardCharsets.UTF_8);
                String what = "body #" + i + " to " + socket.getFileName() + ": " + abbreviate(body) + "\nanswer: " + abbreviate(text);
                assertThat(text).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
                if (text.isBlank()) {
                    continue; // a notification (no id) gets no answer, as JSON-RPC says
                }
                JsonNode answer = JSON.readTree(text);
                for (JsonNode one : answer.isArray() ? answer : List.of(answer)) {
                    assertThat(one.path("jsonrpc").asText()).as(what).isEqualTo("2.0");
                    assertThat(one.has("result") ^ one.has("error")).as(what).isTrue();
                    if (one.has("error")) {
                        errors++;
                        assertThat(one.at("/error/code").isInt()).as(what).isTrue();
                        assertThat(one.at("/error/message").isTextual()).as(what).isTrue();
                    }
                }
            }
        }
        assertThat(errors).isGreaterThan(BODIES * 8 / 10);

        // Still serving: a commit converges.
        Path spec = Files.writeString(cli.home.resolve("after.yml"), """
                kind: group
                metadata: {name: after}
                properties:
                  Allocation: {Size: 2}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Instance: {Plugin: simulator/compute, Properties: {}}
                """);
        cli.ok("apply", "-f", spec.toString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> cli.run("get", "groups", "after").out().matches("(?s).*after\\s+2\\s+2.*"));
    }

    /** One to three random edits of a real request. */
    static String mutate(String seed, Random r) {
        String s = seed;
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(8)) {
                case 0 -> s = s.substring(0, at); // cut
                case 1 -> s = s.substring(0, at) + (char) r.nextInt(128) + s.substring(Math.min(s.length(), at + 1)); // flip
                case 2 -> s = s.substring(0, at) + TOKENS.get(r.nextInt(TOKENS.size())) + s.substring(at); // insert
                case 3 -> s = s.replaceFirst(":\\s*(\"[^\"]*\"|-?\\d+|true|false|null|\\{\\})", ":" + TOKENS.get(r.nextInt(TOKENS.size())));
                case 4 -> s = s.replace("\"2.0\"", r.nextBoolean() ? "\"1.0\"" : "2");
                case 5 -> s = "[" + s + "," + s + "]"; // a batch
                case 6 -> s = s.replace("\"id\":", r.nextBoolean() ? "\"ID\":" : "\"id\":" + TOKENS.get(r.nextInt(TOKENS.size())) + ",\"x\":");
                default -> s = s.replaceFirst("\"method\":\"[A-Za-z.]*\"", "\"method\":\"" + List.of("", "Group.", ".", "Nope.Nope",
                        "Instance.Provision", "Group.DestroyGroup", "rpc.discover").get(r.nextInt(7)) + "\"");
            }
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
