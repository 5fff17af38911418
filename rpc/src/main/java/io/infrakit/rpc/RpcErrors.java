package io.infrakit.rpc;

/** JSON-RPC 2.0 error codes we answer. */
public final class RpcErrors {
    /** The body is not JSON. */
    public static final int PARSE_ERROR = -32700;
    /** JSON, but not a JSON-RPC 2.0 request (or too large). */
    public static final int INVALID_REQUEST = -32600;
    /** No such method on this socket. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Params of the wrong shape; the message names the field. */
    public static final int INVALID_PARAMS = -32602;
    /** The plugin's own failure (InfraKit answers every failure with this code). */
    public static final int PLUGIN_ERROR = -32000;

    private RpcErrors() {
    }
}
