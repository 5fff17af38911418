package io.infrakit.rpc.binding;

/** Thrown by a method handler when params decode but make no sense; answered as -32602. */
public class InvalidParamsException extends RuntimeException {
    public InvalidParamsException(String message) {
        super(message);
    }
}
