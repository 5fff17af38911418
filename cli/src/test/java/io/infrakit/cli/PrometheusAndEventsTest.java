package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.Engines;
import io.infrakit.cli.testing.PluginDaemon;
import io.infrakit.cli.testing.TestProcesses;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20 against one daemon ({@code plugin start manager group vanilla simulator --metrics}) with
 * a group of 5: a real Prometheus scrapes it and its HTTP API shows the group healthy and the
 * provisions counter growing after a heal; {@code promtool check metrics} accepts our output; a
 * Python standard-library client follows the Event/0.1.0 stream over the unix socket and gets
 * PROVISIONED for a heal; and {@code infrakit events -f} is pushed events by that same stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusAndEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    CliRun cli;
    PluginDaemon daemon;
    int metricsPort;
    final List<Process> processes = new ArrayList<>();

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    void start() throws Exception {
        cli = new CliRun();
        metricsPort = freePort();
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "manager", "group", "vanilla", "simulator",
                "--metrics", "127.0.0.1:" + metricsPort), "group", "simulator");
        Path spec = cli.home.resolve("workers.yml");
        Files.writeString(spec, """
                kind: group
                metadata: {name: workers}
                properties:
                  Allocation: {Size: 5}
                  Flavor: {Plugin: vanilla, Properties: {Init: [echo hello]}}
                  Instance: {Plugin: simulator/compute, Properties: {cpu: 1}}
                """);
        cli.ok("apply", "-f", spec.toString());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(scrape()).contains("infrakit_group_instances{group=\"workers\",state=\"healthy\"} 5.0"));
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : processes) {
            TestProcesses.stop(p);
        }
        if (daemon != null) {
            daemon.close();
        }
        cli.delete();
    }

    /** GET /metrics on the manager's unix socket. */
    String scrape() throws Exception {
        UnixHttp.Answer a = new SimpleUnixHttp().get(cli.plugins.resolve("group"), "/metrics", Duration.ofSeconds(10));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain; version=0.0.4");
        return new String(a.body(), StandardCharsets.UTF_8);
    }

    /** Kills {@code n} members behind the controller's back, in the simulator, as a cloud outage would. */
    void kill(int n) {
        List<String> ids = cli.ok("get", "instances", "workers", "-o", "ids").out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(n);
        List<String> args = new ArrayList<>(List.of("instance", "destroy", "--plugin", "simulator/compute"));
        args.addAll(ids.subList(0, n));
        cli.ok(args.toArray(String[]::new));
    }

    @Test
    void promtoolAcceptsOurMetrics() throws Exception {
        Path promtool = Engines.program("/usr/bin/promtool", "prometheus.sh");
        Path file = cli.home.resolve("metrics.txt");
        Files.writeString(file, scrape());
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("promtool's complaints").isBlank();
    }

    @Test
    void theExampleConfigAndAlertRulesOfTheDocsHoldAndNameOurMetrics() throws Exception {
        Path promtool = Engines.program("/usr/bin/promtool", "prometheus.sh");
        Path examples = Path.of("").toAbsolutePath().getParent().resolve("examples/prometheus");
        for (List<String> check : List.of(List.of("check", "config", "prometheus.yml"),
                List.of("test", "rules", "infrakit-alerts.test.yml"))) {
            List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
            cmd.addAll(check);
            Process p = new ProcessBuilder(cmd).directory(examples.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        }
        // The rules are about metrics this daemon really serves.
        assertThat(scrape()).contains("infrakit_group_unconverged_seconds{group=\"workers\"}",
                "infrakit_group_remediation_stopped{group=\"workers\"}", "infrakit_group_update_paused{group=\"workers\"}",
                "infrakit_group_provisions_total{group=\"workers\",outcome=\"success\"}");
    }

    @Test
    void aRealPrometheusScrapesTheDaemonAndSeesAHeal() throws Exception {
        Path prometheus = Engines.program("/usr/bin/prometheus", "prometheus.sh");
        int port = freePort();
        Path dir = Files.createDirectories(cli.home.resolve("prometheus"));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: infrakit
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(metricsPort));
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        processes.add(p);
        String healthy = "infrakit_group_instances{group=\"workers\",state=\"healthy\"}";
        String provisions = "sum(infrakit_group_provisions_total{group=\"workers\",outcome=\"success\"})";
        try (HttpClient http = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(query(http, port, healthy)).as("Prometheus' value of " + healthy).isEqualTo(5.0));
            double before = query(http, port, provisions);
            assertThat(before).isGreaterThanOrEqualTo(5.0);

            kill(2);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(query(http, port, provisions)).as(provisions).isGreaterThanOrEqualTo(before + 2);
                assertThat(query(http, port, healthy)).as(healthy).isEqualTo(5.0);
            });
        }
    }

    /** The value of an instant query on Prometheus' HTTP API, or NaN when it has none yet. */
    static double query(HttpClient http, int port, String promql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("data").path("result");
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Test
    void aPythonClientFollowsTheEventInterfaceAndSeesTheHeal() throws Exception {
        Path python = Engines.program("/usr/bin/python3", "python3.sh");
        Path script = Path.of("").toAbsolutePath().getParent().resolve("examples/events/follow.py");
        Process p = new ProcessBuilder(python.toString(), script.toString(), "--socket", cli.plugins.resolve("group").toString(),
                "--topic", "group/workers/", "--until", "PROVISIONED", "--timeout", "60").start();
        processes.add(p);
        List<String> err = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(p.getErrorStream())).lines().forEach(err::add));
        await().atMost(Duration.ofSeconds(20)).until(() -> err.stream().anyMatch(l -> l.contains("following group/workers/")));

        kill(1);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("follow.py ends at its first PROVISIONED").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out + err).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.lines().toList()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).extracting(e -> e.path("Type").asText()).contains("LOST").last().isEqualTo("PROVISIONED");
        JsonNode provisioned = events.getLast();
        assertThat(provisioned.path("Topic").asText()).isEqualTo("group/workers/PROVISIONED");
        assertThat(provisioned.path("Data").path("Group").asText()).isEqualTo("workers");
        assertThat(provisioned.path("Data").path("Instance").asText()).isNotBlank();
        assertThat(provisioned.path("ID").asText()).isEqualTo(provisioned.path("Data").path("Sequence").asText());
    }

    @Test
    void eventsFollowIsPushedByTheStreamNotPolled() throws Exception {
        StringWriter out = new StringWriter();
        // An interval of an hour: anything seen within seconds came through the stream.
        Thread follower = Thread.ofPlatform().daemon().start(() -> io.infrakit.cli.Main.run(cli.env(),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "events", "-f", "--group", "workers", "--tail", "1", "--interval", "3600000"));
        // The last event of the history is printed first; the stream then starts right after it.
        await().atMost(Duration.ofSeconds(20)).until(() -> !out.toString().isBlank());
        long lost = count(out.toString(), "LOST  group=workers");
        long provisioned = count(out.toString(), "PROVISIONED  group=workers");
        kill(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count(out.toString(), "LOST  group=workers")).isEqualTo(lost + 1);
            assertThat(count(out.toString(), "PROVISIONED  group=workers")).isGreaterThan(provisioned);
        });
        assertThat(follower.isAlive()).as("events -f still follows").isTrue();
    }

    static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }
}
