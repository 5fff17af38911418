package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docs/cli.md lists every command with an example: this runs each {@code $} line of its console
 * blocks in order (in this JVM, against a temp INFRAKIT_HOME) and checks the exit code and what
 * it prints. Reads are retried until they show what the page shows, as a person would look again.
 * And every command and subcommand picocli knows must appear in one of those lines.
 */
class CliDocTest {

    static final long RETRY_SECONDS = 60;
    static final Set<String> READS = Set.of("get", "describe", "events", "status", "plan", "plugin ls", "group ls",
            "group describe", "group inspect", "group scale", "instance describe", "controller describe");

    final Path root = Path.of("").toAbsolutePath().getParent();
    CliRun cli;
    final List<Thread> background = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            cli.signalShutdown();
            for (Thread t : background) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            cli.delete();
        }
    }

    DocCommands doc() throws Exception {
        return DocCommands.parse(Files.readString(root.resolve("docs/cli.md")));
    }

    @Test
    void everyCommandHasAnExampleInCliMd() throws Exception {
        Set<String> documented = doc().steps().stream().map(s -> s.runnable(Map.of()))
                .filter(c -> c.startsWith("infrakit ")).map(c -> " " + c.substring("infrakit ".length()) + " ")
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        cli = new CliRun(); // for its environment only; deleted after the test
        collect(Main.commandLine(cli.env(), null), "", documented, missing);
        assertThat(missing).as("commands without an example in docs/cli.md").isEmpty();
    }

    private static void collect(CommandLine cmd, String prefix, Set<String> documented, Set<String> missing) {
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String path = prefix + e.getKey();
            if (e.getValue().getSubcommands().isEmpty()) {
                if (documented.stream().noneMatch(d -> d.startsWith(" " + path + " "))) {
                    missing.add(path);
                }
            } else {
                collect(e.getValue(), path + " ", documented, missing);
            }
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyExampleOfCliMdWorks() throws Exception {
        DocCommands doc = doc();
        assertThat(doc.steps()).hasSizeGreaterThan(25);
        cli = new CliRun();
        Map<String, String> variables = new HashMap<>();
        for (DocCommands.Step step : doc.steps()) {
            String where = "docs/cli.md:" + step.line() + " `" + step.command() + "`";
            String command = step.runnable(variables);
            assertThat(command).as(where).startsWith("infrakit ");
            String[] argv = args(command);
            if (step.background()) {
                startInBackground(argv, where);
                continue;
            }
            String rest = command.substring("infrakit ".length());
            boolean read = step.captureInto() != null || READS.stream().anyMatch(r -> rest.startsWith(r + " ") || rest.equals(r));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(read ? RETRY_SECONDS : 0);
            while (true) {
                CliRun.Result r = cli.run(argv);
                String output = r.out() + r.err();
                boolean exitOk = step.expectsFailure() ? r.code() != 0 : r.code() == 0;
                boolean captured = step.captureInto() == null || !r.out().isBlank();
                if (exitOk && captured && step.matches(output)) {
                    if (step.captureInto() != null) {
                        variables.put(step.captureInto(), r.out().strip());
                    }
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail(where + " exited " + r.code() + " and printed:\n" + output + "\nexpected:\n" + String.join("\n", step.expected()));
                }
                Thread.sleep(500);
            }
        }
    }

    /** The words after {@code infrakit}, with example files found from the repository root. */
    private String[] args(String command) {
        return DocCommands.Step.words(command).stream().skip(1)
                .map(w -> w.startsWith("examples/") ? root.resolve(w).toString() : w)
                .toArray(String[]::new);
    }

    /** Starts a daemon command and waits until it serves a socket it did not serve before. */
    private void startInBackground(String[] argv, String where) throws Exception {
        Set<String> before = sockets();
        Thread t = Thread.ofPlatform().daemon().start(() -> cli.run(argv));
        background.add(t);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
        while (sockets().equals(before) || !sockets().containsAll(before)) {
            if (!t.isAlive() || System.nanoTime() > deadline) {
                fail(where + " did not start serving a socket");
            }
            Thread.sleep(100);
        }
    }

    private Set<String> sockets() throws Exception {
        if (!Files.isDirectory(cli.plugins)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(cli.plugins)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".pid") && !n.startsWith("."))
                    .collect(Collectors.toSet());
        }
    }
}
