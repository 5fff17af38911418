package io.infrakit.core.deploy;

import io.infrakit.spi.PluginException;

/** A step failed (or timed out, or its program is missing): the message names deployment, step and instance. */
public final class DeploymentFailedException extends PluginException {
    public DeploymentFailedException(String message) {
        super(message);
    }
}
