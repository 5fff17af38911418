package io.infrakit.spi;

/**
 * A failure a plugin reports to its caller: on the wire it becomes JSON-RPC error -32000
 * carrying {@link #getMessage()}. Messages are for people: name the field, the value and the fix.
 */
public class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
