package io.infrakit.rpc.remote;

/**
 * One plugin as the remote listener serves it: JSON-RPC bodies in, bodies out. A server-side
 * dispatcher fits with method references ({@code new RemoteEndpoint(d::handle, d::apiInfoJson)}).
 */
public record RemoteEndpoint(Handler handler, ApiInfo apiInfo) {

    @FunctionalInterface
    public interface Handler {
        byte[] handle(byte[] request);
    }

    @FunctionalInterface
    public interface ApiInfo {
        byte[] json();
    }
}
