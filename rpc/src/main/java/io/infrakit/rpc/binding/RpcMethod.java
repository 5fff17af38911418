package io.infrakit.rpc.binding;

import io.infrakit.rpc.client.RpcClient;

/**
 * One JSON-RPC method of an {@link RpcInterface}: its full name, the record its params decode to,
 * and what it does with the target object. The examples (zero values) fill {@code /info/api.json}.
 *
 * @param repeatable whether a client may send the call a second time when it cannot tell whether
 *                   the first one was read (a pooled connection the plugin closed). True for reads
 *                   and for calls that set a state a repeat leaves unchanged; false for calls whose
 *                   second delivery does the work twice (a duplicate instance, a command run twice)
 */
public record RpcMethod<T, P>(String name, Class<P> paramsType, Handler<T, P> handler, P exampleParams, Object exampleResult,
                              boolean repeatable) {

    /** Calls the target object with decoded params and returns the result record. */
    @FunctionalInterface
    public interface Handler<T, P> {
        Object call(T target, P params) throws Exception;
    }

    /** A repeatable method (see {@link #notRepeatable()} for the others). */
    public static <T, P> RpcMethod<T, P> of(String name, Class<P> paramsType, Handler<T, P> handler,
                                            P exampleParams, Object exampleResult) {
        return new RpcMethod<>(name, paramsType, handler, exampleParams, exampleResult, true);
    }

    /** The same method, marked as one a client must never resend. */
    public RpcMethod<T, P> notRepeatable() {
        return new RpcMethod<>(name, paramsType, handler, exampleParams, exampleResult, false);
    }

    /** Runs the handler on an object the dispatcher has checked to implement the interface. */
    @SuppressWarnings("unchecked")
    public Object invoke(Object target, Object params) throws Exception {
        return handler.call((T) target, (P) params);
    }

    /** The client side: calls this method through {@code rpc}, resending it only when {@link #repeatable()}. */
    public <R> R call(RpcClient rpc, P params, Class<R> resultType) {
        return rpc.call(name, params, resultType, repeatable);
    }
}
