package io.infrakit.vsphere.vim;

import io.infrakit.spi.PluginException;

/** vCenter could not be reached at all (connection refused, DNS, TLS trust, timeout). */
public final class UnreachableException extends PluginException {
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
