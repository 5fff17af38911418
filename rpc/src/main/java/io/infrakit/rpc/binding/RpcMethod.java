package io.infrakit.rpc.binding;

/**
 * One JSON-RPC method of an {@link RpcInterface}: its full name, the record its params decode to,
 * and what it does with the target object. The examples (zero values) fill {@code /info/api.json}.
 */
public record RpcMethod<T, P>(String name, Class<P> paramsType, Handler<T, P> handler, P exampleParams, Object exampleResult) {

    /** Calls the target object with decoded params and returns the result record. */
    @FunctionalInterface
    public interface Handler<T, P> {
        Object call(T target, P params) throws Exception;
    }

    public static <T, P> RpcMethod<T, P> of(String name, Class<P> paramsType, Handler<T, P> handler,
                                            P exampleParams, Object exampleResult) {
        return new RpcMethod<>(name, paramsType, handler, exampleParams, exampleResult);
    }

    /** Runs the handler on an object the dispatcher has checked to implement the interface. */
    @SuppressWarnings("unchecked")
    public Object invoke(Object target, Object params) throws Exception {
        return handler.call((T) target, (P) params);
    }
}
