package io.infrakit.cli;

import io.infrakit.rpc.InfrakitPaths;

import java.util.Map;

/**
 * What commands take from outside: environment variables and how the process learns it must stop.
 * Tests pass their own (a temp INFRAKIT_PLUGINS_DIR, a stop they trigger themselves).
 */
public record CliEnv(Map<String, String> variables, ShutdownSignal shutdown, Caller caller) {

    /** Runs an action when the process is told to stop (SIGTERM, Ctrl-C). */
    @FunctionalInterface
    public interface ShutdownSignal {
        void onShutdown(Runnable action);
    }

    public CliEnv {
        variables = Map.copyOf(variables);
    }

    /** For this process ({@link Caller#LOCAL}). */
    public CliEnv(Map<String, String> variables, ShutdownSignal shutdown) {
        this(variables, shutdown, Caller.LOCAL);
    }

    /** The real process: System.getenv() and JVM shutdown hooks. */
    public static CliEnv system() {
        return new CliEnv(System.getenv(), action -> Runtime.getRuntime().addShutdownHook(new Thread(action, "infrakit-shutdown")));
    }

    /**
     * The remote daemon named by {@code --host} / {@code INFRAKIT_HOST} (with TLS material and
     * credentials from {@code INFRAKIT_TLS_*} and {@code INFRAKIT_TOKEN}), or null for local sockets.
     */
    public io.infrakit.rpc.remote.RemoteTarget remote() {
        return io.infrakit.rpc.remote.RemoteTarget.resolve(null, variables);
    }

    /** The same environment with one more variable (e.g. --host given on the command line). */
    public CliEnv with(String name, String value) {
        Map<String, String> v = new java.util.HashMap<>(variables);
        v.put(name, value);
        return new CliEnv(v, shutdown, caller);
    }

    public InfrakitPaths paths() {
        return InfrakitPaths.fromEnv(variables);
    }
}
