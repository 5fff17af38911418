package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stored specs are the truth after a restart: {@code infrakit up} with no FILE commits the
 * quickstart only into an empty store; later it resumes what is stored, and a second {@code up}
 * next to a running daemon commits nothing. A normal start and stop log no WARN (the group
 * controller starts before the manager resumes and stops after the manager has freed its groups).
 */
class UpResumeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    CliRun cli;
    CompletableFuture<CliRun.Result> daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && !daemon.isDone()) {
            cli.signalShutdown();
            daemon.get(30, TimeUnit.SECONDS);
        }
        cli.delete();
    }

    void startUp() {
        daemon = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> daemon.complete(cli.run("up", "--opt", "simulator.persist=true")));
    }

    CliRun.Result stopUp() throws Exception {
        cli.signalShutdown();
        CliRun.Result r = daemon.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("stopped");
        return r;
    }

    JsonNode group(String id) throws Exception {
        CliRun.Result r = cli.run("get", "groups", id, "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get(0);
    }

    boolean settledAt(int size) {
        try {
            JsonNode g = group("workers");
            return g.path("Desired").asInt() == size && g.path("Running").asInt() == size && g.path("Converged").asBoolean();
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    List<String> warnings() throws Exception {
        Path log = cli.home.resolve("logs/infrakit.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ")).toList() : List.of();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void restartKeepsTheScaledSizeAndDestroysNothing() throws Exception {
        cli = new CliRun();
        startUp();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> settledAt(5));

        CliRun.Result scale = cli.run("group", "scale", "workers", "8");
        assertThat(scale.code()).as(scale.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> settledAt(8));
        CliRun.Result first = stopUp();
        assertThat(first.out()).contains("nothing stored yet: committing examples/quickstart.yml");

        startUp();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> settledAt(8));
        // a second `up` next to the running daemon commits nothing either
        CliRun.Result again = cli.run("up", "--timeout", "20");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("nothing to commit");
        Thread.sleep(1500); // two poll intervals of the controller: time to act if it were going to
        assertThat(settledAt(8)).isTrue();
        CliRun.Result events = cli.run("events");
        assertThat(events.code()).isZero();
        assertThat(events.out()).doesNotContain("DESTROYED").doesNotContain("Terminating");
        CliRun.Result second = stopUp();
        assertThat(second.out()).contains("resuming 1 stored group(s) as stored: workers").doesNotContain("quickstart");
        assertThat(Files.readString(cli.home.resolve("logs/infrakit.log"))).as("the daemon log is where WARNs would be")
                .contains("resumed group=workers").contains("freed group=workers");
        assertThat(warnings()).as("a normal start and stop warns about nothing").isEmpty();
    }

    @Test
    void aMistypedOptIsRefusedBeforeAnythingStarts() throws Exception {
        cli = new CliRun();
        long t0 = System.nanoTime();
        CliRun.Result r = cli.run("up", "--opt", "simulator.presist=true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: --opt simulator.presist: plugin kind 'simulator' has no option 'presist'; did you mean persist?")
                .doesNotContain("java.").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("starting");
        assertThat(cli.plugins.resolve("group")).doesNotExist();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

        CliRun.Result kind = cli.run("up", "--opt", "simulater.persist=true");
        assertThat(kind.code()).isEqualTo(2);
        assertThat(kind.err()).contains("'simulater' is not a plugin kind; did you mean simulator?");

        CliRun.Result value = cli.run("up", "--opt", "simulator.provision-delay=2");
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err()).contains("provision-delay").doesNotContain("java.").doesNotContain("Exception");
        assertThat(cli.plugins.resolve("group")).doesNotExist();
    }

    @Test
    void withStartsControllersBesideTheGroupControllerAndWarnsAboutNothing() throws Exception {
        cli = new CliRun();
        daemon = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> daemon.complete(cli.run("up", "--with", "ingress,autoscale")));
        await().atMost(Duration.ofSeconds(60)).until(() -> settledAt(5));
        assertThat(cli.plugins.resolve("ingress")).exists();
        assertThat(cli.plugins.resolve("autoscale")).exists();
        CliRun.Result r = stopUp();
        assertThat(r.out()).contains("starting simulator, vanilla, group, manager, ingress, autoscale");
        assertThat(warnings()).as("the controllers start after the manager they talk to").isEmpty();
    }

    @Test
    void aMistypedWithIsRefusedBeforeAnythingStarts() throws Exception {
        cli = new CliRun();
        CliRun.Result r = cli.run("up", "--with", "ingrss");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: --with ingrss: 'ingrss' is not a plugin kind; did you mean ingress?");
        assertThat(cli.plugins.resolve("group")).doesNotExist();
        CliRun.Result manager = cli.run("up", "--with", "manager");
        assertThat(manager.code()).isEqualTo(2);
        assertThat(manager.err()).contains("always starts 'manager'");
    }
}
