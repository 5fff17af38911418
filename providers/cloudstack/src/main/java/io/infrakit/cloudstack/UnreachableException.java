package io.infrakit.cloudstack;

import io.infrakit.spi.PluginException;

/** The management server could not be reached at all (as opposed to refusing a command). */
public class UnreachableException extends PluginException {
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
