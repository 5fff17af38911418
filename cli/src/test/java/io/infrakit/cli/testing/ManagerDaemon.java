package io.infrakit.cli.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** {@code infrakit plugin start manager group vanilla simulator} in this JVM, on a {@link CliRun}'s home. */
public final class ManagerDaemon implements AutoCloseable {

    private final PluginDaemon daemon;

    private ManagerDaemon(PluginDaemon daemon) {
        this.daemon = daemon;
    }

    /** Starts it with {@code --opt} values (e.g. {@code group.poll-interval=200ms}) and waits until the manager leads. */
    public static ManagerDaemon start(CliRun cli, String... opts) {
        List<String> args = new ArrayList<>(List.of("plugin", "start", "manager", "group", "vanilla", "simulator"));
        for (String o : opts) {
            args.add("--opt");
            args.add(o);
        }
        ManagerDaemon d = new ManagerDaemon(PluginDaemon.start(cli, args, "group", "group-stateless"));
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
        daemon.close();
    }
}
