package io.infrakit.cli;

import io.infrakit.cli.testing.TestProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every command of docs/tutorial.md, in order, as a user would in a shell: {@code infrakit up}
 * in the background (the daemon), every other command in bash with {@code infrakit} on the PATH,
 * against a fresh INFRAKIT_HOME. Each command's output must show the lines the document shows.
 * Reads (get, describe, events, status, plan) are repeated until they do, as the document says.
 */
class TutorialTest {

    static final long RETRY_SECONDS = 120;

    Path root = Path.of("").toAbsolutePath().getParent();
    Process daemon;
    Path home;
    final StringBuffer daemonOut = new StringBuffer();

    @AfterEach
    void stopDaemon() throws InterruptedException {
        TestProcesses.stop(daemon);
        TestProcesses.deleteTree(home);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyCommandOfTheTutorialWorks() throws Exception {
        DocCommands doc = DocCommands.parse(Files.readString(root.resolve("docs/tutorial.md")));
        assertThat(doc.steps()).hasSizeGreaterThan(10);
        home = Files.createTempDirectory(Path.of("/tmp"), "ik-tut");
        Path bin = Files.createDirectories(home.resolve("bin"));
        writeLauncher(bin.resolve("infrakit"));
        Map<String, String> env = Map.of(
                "PATH", bin + ":" + System.getenv("PATH"),
                "INFRAKIT_HOME", home.resolve("home").toString());

        for (DocCommands.Step step : doc.steps()) {
            String where = "docs/tutorial.md:" + step.line() + " `" + step.command() + "`";
            if (step.command().equals("infrakit up") || step.command().startsWith("infrakit up ")) {
                startDaemon(step, env, where);
                continue;
            }
            boolean read = step.command().matches("infrakit (get|describe|events|status|plan|instance ls)\\b.*");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(read ? RETRY_SECONDS : 0);
            while (true) {
                Result r = run(step.command(), env);
                boolean exitOk = step.expectsFailure() ? r.exit != 0 : r.exit == 0;
                if (exitOk && step.matches(r.output)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail(where + " exited " + r.exit + " and printed:\n" + r.output + "\nexpected:\n"
                            + String.join("\n", step.expected()) + "\n--- daemon output so far:\n" + tail(daemonOut.toString()));
                }
                Thread.sleep(1000);
            }
        }
        daemon.destroy(); // Ctrl-C
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("daemon stops on SIGTERM").isTrue();
        // a clean stop closes every plugin, which removes its socket
        assertThat(home.resolve("home/plugins/group")).doesNotExist();
        assertThat(home.resolve("home/plugins/simulator")).doesNotExist();
    }

    private void startDaemon(DocCommands.Step step, Map<String, String> env, String where) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + step.command()).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        daemon = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    daemonOut.append(l).append('\n');
                }
            } catch (IOException ignored) {
                // the daemon stopped
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
        while (!step.matches(daemonOut.toString())) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                fail(where + " did not print what the tutorial shows; it printed:\n" + tail(daemonOut.toString()));
            }
            Thread.sleep(200);
        }
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    record Result(int exit, String output) {
    }

    private Result run(String command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }

    /** An {@code infrakit} for the shell: this JVM's java with the test class path. */
    private static void writeLauncher(Path file) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> lines = new ArrayList<>();
        lines.add("#!/usr/bin/env bash");
        lines.add("OPTS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)");
        lines.add("[ \"${1:-}\" = up ] && OPTS=()");
        lines.add("exec '" + java + "' \"${OPTS[@]}\" -cp '" + System.getProperty("java.class.path") + "' io.infrakit.cli.Main \"$@\"");
        Files.write(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
