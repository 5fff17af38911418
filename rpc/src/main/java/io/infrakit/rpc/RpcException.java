package io.infrakit.rpc;

import io.infrakit.spi.PluginException;

/** A JSON-RPC error answered by a remote plugin, with its code; the message is the remote one. */
public class RpcException extends PluginException {

    private final int code;

    public RpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The JSON-RPC error code ({@link RpcErrors}). */
    public int code() {
        return code;
    }
}
