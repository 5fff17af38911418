package io.infrakit.cli.testing;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code infrakit plugin start manager group vanilla simulator} in this JVM, on a {@link CliRun}'s home. */
public final class ManagerDaemon implements AutoCloseable {

    private final CliRun cli;
    private final CompletableFuture<CliRun.Result> done = new CompletableFuture<>();

    private ManagerDaemon(CliRun cli) {
        this.cli = cli;
    }

    /** Starts it with {@code --opt} values (e.g. {@code group.poll-interval=200ms}) and waits until the manager leads. */
    public static ManagerDaemon start(CliRun cli, String... opts) {
        List<String> args = new ArrayList<>(List.of("plugin", "start", "manager", "group", "vanilla", "simulator"));
        for (String o : opts) {
            args.add("--opt");
            args.add(o);
        }
        ManagerDaemon d = new ManagerDaemon(cli);
        Thread.ofPlatform().daemon().start(() -> d.done.complete(cli.run(args.toArray(String[]::new))));
        await().atMost(Duration.ofSeconds(30)).until(() -> d.done.isDone() || (cli.shutdownRegistered()
                && Files.exists(cli.plugins.resolve("group")) && Files.exists(cli.plugins.resolve("group-stateless"))));
        assertThat(d.done.isDone()).as(() -> d.done.join().err()).isFalse();
        await().atMost(Duration.ofSeconds(15)).until(() -> cli.run("status").out().contains("(leader)"));
        return d;
    }

    /** A test's clean-up: stops {@code daemon} if the test got as far as starting one, then deletes the home. */
    public static void stopAndDelete(ManagerDaemon daemon, CliRun cli) throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        cli.delete();
    }

    /** What SIGTERM does; the daemon must stop cleanly. */
    @Override
    public void close() throws Exception {
        cli.signalShutdown();
        assertThat(done.get(30, TimeUnit.SECONDS).code()).isZero();
    }
}
