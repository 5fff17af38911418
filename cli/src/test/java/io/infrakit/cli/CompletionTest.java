package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code infrakit completion bash|zsh}: a script bash accepts, completing commands, flags and (from a daemon) group IDs. */
class CompletionTest {

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    /** Sources the script in bash and prints what TAB would offer for the last of {@code words} (the one being typed). */
    String complete(Path script, Path bin, String... words) throws Exception {
        String quoted = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String bash = "source '" + script + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + quoted + "); COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n"
                + "_infrakit_dynamic 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("INFRAKIT_HOME", cli.home.toString());
        pb.environment().put("INFRAKIT_PLUGINS_DIR", cli.plugins.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theScriptParsesAndCompletesCommandsFlagsAndGroupIds() throws Exception {
        cli = new CliRun();
        CliRun.Result bash = cli.run("completion", "bash");
        assertThat(bash.code()).as(bash.err()).isZero();
        Path script = Files.writeString(cli.home.resolve("infrakit.bash"), bash.out());
        Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        CliRun.Result zsh = cli.run("completion", "zsh");
        assertThat(zsh.code()).isZero();
        assertThat(zsh.out()).contains("bashcompinit").contains("_infrakit_dynamic");
        CliRun.Result fish = cli.run("completion", "fish");
        assertThat(fish.code()).isEqualTo(2);
        assertThat(fish.err()).contains("shell 'fish' is not supported: use bash or zsh");

        // Static part: commands and flags, no daemon needed.
        Path bin = Files.createDirectories(cli.home.resolve("bin"));
        assertThat(complete(script, bin, "infrakit", "hist").lines()).containsExactly("history");
        assertThat(complete(script, bin, "infrakit", "rollout", "st").lines()).containsExactly("status");
        assertThat(complete(script, bin, "infrakit", "plan", "--detailed").lines()).containsExactly("--detailed-exitcode");

        // Dynamic part: group IDs and plugin names from a running daemon.
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        Path spec = Files.writeString(cli.home.resolve("workers.yml"), PlanAndHistoryTest.SPEC);
        assertThat(cli.run("apply", "-f", spec.toString()).code()).isZero();
        assertThat(cli.run("__complete", "groups").out()).isEqualTo("workers\n");
        assertThat(cli.run("__complete", "plugins").out().lines().toList()).contains("group", "group-stateless", "simulator", "vanilla");
        assertThat(cli.run("__complete", "nonsense").code()).isEqualTo(2);

        writeLauncher(bin.resolve("infrakit"));
        assertThat(complete(script, bin, "infrakit", "describe", "group", "w").lines()).containsExactly("workers");
        assertThat(complete(script, bin, "infrakit", "events", "--group", "").lines()).containsExactly("workers");
    }

    @Test
    void withoutADaemonTheListerIsQuietAndSucceeds() throws Exception {
        cli = new CliRun();
        CliRun.Result r = cli.run("__complete", "groups");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    /** An {@code infrakit} for bash: this JVM's java with the test class path. */
    private static void writeLauncher(Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.write(file, List.of("#!/usr/bin/env bash",
                "exec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                        + "' io.infrakit.cli.Main \"$@\""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
