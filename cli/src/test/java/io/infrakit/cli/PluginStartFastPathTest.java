package io.infrakit.cli;

import io.infrakit.cli.plugin.PluginStartCommand;
import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plugin start} without picocli (a daemon's start-up path) takes plain kinds and options only;
 * anything else goes to picocli, with the same words and exit codes.
 */
class PluginStartFastPathTest {

    CliRun cli;

    @org.junit.jupiter.api.BeforeEach
    void home() throws java.io.IOException {
        cli = new CliRun();
    }

    @AfterEach
    void clean() throws java.io.IOException {
        cli.delete();
    }

    static Integer fast(String... args) {
        CliEnv env = new CliEnv(Map.of("INFRAKIT_HOME", "/nonexistent-infrakit-home"), action -> { });
        return PluginStartCommand.fastPath(env, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    @Test
    void leavesEverythingUnusualToPicocli() {
        assertThat(fast("plugin", "start", "--help")).isNull();
        assertThat(fast("plugin", "start", "simulator", "-h")).isNull();
        assertThat(fast("plugin", "start", "simulator", "--listen", "127.0.0.1:0")).isNull();
        assertThat(fast("plugin", "start", "simulator", "--opt")).isNull();
        assertThat(fast("plugin", "start", "@args.txt")).isNull();
        assertThat(fast("plugin", "start")).isNull();
        assertThat(fast("plugin", "ls", "x")).isNull();
    }

    @Test
    void badInputOnTheFastPathIsExitTwoWithTheSameWords() {
        CliEnv env = new CliEnv(Map.of("INFRAKIT_HOME", cli.home.toString()), action -> { });
        StringWriter err = new StringWriter();
        Integer code = PluginStartCommand.fastPath(env, new PrintWriter(new StringWriter()), new PrintWriter(err),
                "plugin", "start", "nosuch", "--opt=nosuch.x=1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains("nosuch");
    }

    @Test
    void helpStillComesFromPicocli() {
        CliRun.Result help = cli.run("plugin", "start", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("KIND[:NAME]").contains("--opt");
    }
}
