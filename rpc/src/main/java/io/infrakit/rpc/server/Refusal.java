package io.infrakit.rpc.server;

/**
 * A JSON-RPC error to answer, with its code. Thrown between the envelope and the routing only, so
 * it carries no stack trace: it is an answer, not a bug.
 */
final class Refusal extends Exception {
    final int code;

    Refusal(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
