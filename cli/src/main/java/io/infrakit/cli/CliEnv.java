package io.infrakit.cli;

import io.infrakit.rpc.InfrakitPaths;

import java.util.Map;

/**
 * What commands take from outside: environment variables and how the process learns it must stop.
 * Tests pass their own (a temp INFRAKIT_PLUGINS_DIR, a stop they trigger themselves).
 */
public record CliEnv(Map<String, String> variables, ShutdownSignal shutdown) {

    /** Runs an action when the process is told to stop (SIGTERM, Ctrl-C). */
    @FunctionalInterface
    public interface ShutdownSignal {
        void onShutdown(Runnable action);
    }

    public CliEnv {
        variables = Map.copyOf(variables);
    }

    /** The real process: System.getenv() and JVM shutdown hooks. */
    public static CliEnv system() {
        return new CliEnv(System.getenv(), action -> Runtime.getRuntime().addShutdownHook(new Thread(action, "infrakit-shutdown")));
    }

    public InfrakitPaths paths() {
        return InfrakitPaths.fromEnv(variables);
    }
}
