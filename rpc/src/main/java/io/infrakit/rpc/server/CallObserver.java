package io.infrakit.rpc.server;

/**
 * Told about every JSON-RPC call a {@link Dispatcher} served (for metrics). Called on the request's
 * thread after the call: it must be quick and must not throw.
 */
@FunctionalInterface
public interface CallObserver {

    /** Outcomes: the call answered a result. */
    String OK = "ok";
    /** The plugin refused or failed the call (a JSON-RPC error from the plugin). */
    String ERROR = "error";
    /** The request's params were refused before the plugin saw them. */
    String INVALID = "invalid_params";

    CallObserver NONE = (plugin, method, outcome, nanos) -> {
    };

    void called(String plugin, String method, String outcome, long nanos);
}
