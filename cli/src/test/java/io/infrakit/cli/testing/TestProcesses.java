package io.infrakit.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Clean-up shared by the tests that run daemons in child processes. */
public final class TestProcesses {

    private TestProcesses() {
    }

    /** SIGTERM (the daemon removes its sockets), then SIGKILL if it has not stopped within 20 s. */
    public static void stop(Process daemon) throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
            daemon.destroyForcibly();
        }
    }

    /** Deletes a folder and everything in it, as far as it can: a temp folder left behind is harmless. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
