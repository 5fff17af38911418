package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PluginCommandsTest {

    CliRun cli;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRun();
    }

    @AfterEach
    void tearDown() throws IOException {
        cli.signalShutdown();
        cli.delete();
    }

    CompletableFuture<CliRun.Result> startInBackground(String... args) {
        CompletableFuture<CliRun.Result> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> done.complete(cli.run(args)));
        return done;
    }

    @Test
    void startServesUntilShutdownThenRemovesTheSocket() throws Exception {
        CompletableFuture<CliRun.Result> run = startInBackground("plugin", "start", "testkind", "--opt", "testkind.color=blue");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(cli.plugins.resolve("testkind")) || run.isDone());
        assertThat(run.isDone()).as(() -> run.join().err()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(cli::shutdownRegistered);

        String hello = RawSocket.post(cli.plugins.resolve("testkind"), "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}");
        assertThat(hello).contains("\"Instance/0.6.1\":[{\"Name\":\"machines\",\"ProxyFor\":\"\"}]");
        assertThat(cli.plugins.resolve("testkind.pid")).exists();

        CliRun.Result ls = cli.run("plugin", "ls");
        assertThat(ls.code()).isZero();
        assertThat(ls.out()).contains("NAME").contains("INTERFACES").contains("SOCKET")
                .contains("testkind").contains("Instance/0.6.1: machines").contains(cli.plugins.resolve("testkind").toString());

        cli.signalShutdown(); // what SIGTERM / Ctrl-C does
        CliRun.Result result = run.get(20, TimeUnit.SECONDS);
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("testkind (testkind) listening on " + cli.plugins.resolve("testkind"))
                .contains("Instance/0.6.1: machines");
        assertThat(cli.plugins.resolve("testkind")).doesNotExist();
        assertThat(cli.plugins.resolve("testkind.pid")).doesNotExist();
    }

    @Test
    void startRefusesUnknownKindsAndOptions() {
        CliRun.Result unknown = cli.run("plugin", "start", "nosuch");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown plugin kind 'nosuch'").contains("testkind").contains("simulator");

        CliRun.Result badOpt = cli.run("plugin", "start", "testkind", "--opt", "testkind.colour=blue");
        assertThat(badOpt.code()).isEqualTo(2);
        assertThat(badOpt.err()).contains("colour").contains("color");

        CliRun.Result malformed = cli.run("plugin", "start", "testkind", "--opt", "color");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("kind.key=value");

        assertThat(cli.run("plugin", "start").code()).isEqualTo(2);
        assertThat(cli.plugins.resolve("testkind")).doesNotExist();
    }

    @Test
    void lsMarksStaleSocketsAndSaysWhenEmpty() throws IOException {
        CliRun.Result empty = cli.run("plugin", "ls");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).contains("no plugins in " + cli.plugins);

        Files.createDirectories(cli.plugins);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(cli.plugins.resolve("crashed")));
        }
        CliRun.Result ls = cli.run("plugin", "ls");
        assertThat(ls.code()).isZero();
        assertThat(ls.out()).contains("crashed").contains("STALE");
        CliRun.Result json = cli.run("plugin", "ls", "-o", "json");
        assertThat(json.code()).isZero();
        com.fasterxml.jackson.databind.JsonNode listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(listed.get(0).get("Name").asText()).isEqualTo("crashed");
        assertThat(listed.get(0).get("State").asText()).isEqualTo("STALE");
    }

    @Test
    void kindsListsBuiltInKinds() {
        CliRun.Result r = cli.run("plugin", "kinds");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("KIND").contains("DESCRIPTION")
                .contains("testkind").contains("in-memory instances for CLI tests")
                .contains("simulator").contains("vanilla")
                .contains("options of testkind").contains("color");
    }

    @Test
    void helpEverywhere() {
        for (String[] args : new String[][]{{"--help"}, {"plugin", "--help"}, {"plugin", "start", "--help"}, {"plugin", "ls", "--help"},
                {"plugin", "kinds", "--help"}, {"instance", "--help"}, {"version", "--help"}}) {
            CliRun.Result r = cli.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        assertThat(cli.run("plugin").code()).isEqualTo(2);
        assertThat(cli.run("nosuch").code()).isEqualTo(2);
    }

    @Test
    void version() {
        CliRun.Result r = cli.run("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("infrakit");
    }
}
