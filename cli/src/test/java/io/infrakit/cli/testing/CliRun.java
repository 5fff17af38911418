package io.infrakit.cli.testing;

import io.infrakit.cli.CliEnv;
import io.infrakit.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the CLI in-process against a temp INFRAKIT_HOME, capturing output, with a stop the test triggers. */
public final class CliRun implements AutoCloseable {

    public record Result(int code, String out, String err) {
    }

    public final Path home;
    public final Path plugins;
    private final List<Runnable> shutdownActions = new CopyOnWriteArrayList<>();
    /** More environment for the commands this run starts (e.g. INFRAKIT_MAX_SIZE). */
    public final Map<String, String> extraEnv = new java.util.concurrent.ConcurrentHashMap<>();

    public CliRun() throws IOException {
        this(Files.createTempDirectory(Path.of("/tmp"), "ikc"));
    }

    /** Another run over an existing home (e.g. a daemon restarted over the same state). */
    public CliRun(Path home) {
        this(home, home.resolve("p"));
    }

    /** A run over an existing home whose sockets are looked for in {@code plugins}. */
    public CliRun(Path home, Path plugins) {
        this.home = home;
        this.plugins = plugins;
    }

    public CliEnv env() {
        Map<String, String> vars = new java.util.HashMap<>(extraEnv);
        vars.put("INFRAKIT_HOME", home.toString());
        vars.put("INFRAKIT_PLUGINS_DIR", plugins.toString());
        return new CliEnv(Map.copyOf(vars), shutdownActions::add);
    }

    /** A run over a fresh temporary home, for a field initializer (e.g. with JUnit's {@code @AutoClose}). */
    public static CliRun temporary() {
        try {
            return new CliRun();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(env(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed (exit 0); a failure shows the command and its output. */
    public Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    /** What SIGTERM would do. */
    public void signalShutdown() {
        shutdownActions.forEach(Runnable::run);
    }

    public boolean shutdownRegistered() {
        return !shutdownActions.isEmpty();
    }

    public void delete() throws IOException {
        TestProcesses.deleteTree(home);
    }

    /** Deletes the home. */
    @Override
    public void close() throws IOException {
        delete();
    }
}
