package io.infrakit.cli.testing;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A daemon command (e.g. {@code plugin start simulator vanilla}) run in this JVM on a {@link CliRun}'s
 * home, on a thread of its own, and stopped as SIGTERM would stop it.
 */
public final class PluginDaemon implements AutoCloseable {

    private final CliRun cli;
    private final CompletableFuture<CliRun.Result> done = new CompletableFuture<>();

    private PluginDaemon(CliRun cli) {
        this.cli = cli;
    }

    /**
     * Runs {@code args} and waits until the daemon has registered its stop and every one of
     * {@code sockets} is in the plugins directory; fails with the daemon's error output if it exits first.
     */
    public static PluginDaemon start(CliRun cli, List<String> args, String... sockets) {
        PluginDaemon d = new PluginDaemon(cli);
        Thread.ofPlatform().daemon().start(() -> d.done.complete(cli.run(args.toArray(String[]::new))));
        await().atMost(Duration.ofSeconds(30)).until(() -> d.done.isDone() || (cli.shutdownRegistered()
                && Arrays.stream(sockets).allMatch(s -> Files.exists(cli.plugins.resolve(s)))));
        assertThat(d.done.isDone()).as(() -> d.done.join().err()).isFalse();
        return d;
    }

    /** What SIGTERM does; the daemon must stop cleanly (exit 0). */
    @Override
    public void close() throws Exception {
        cli.signalShutdown();
        assertThat(done.get(30, TimeUnit.SECONDS).code()).isZero();
    }
}
