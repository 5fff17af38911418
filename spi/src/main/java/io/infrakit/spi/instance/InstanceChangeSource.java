package io.infrakit.spi.instance;

import java.util.function.Consumer;

/**
 * Optional interface for instance plugins that can watch their provider (Docker events, libvirt
 * lifecycle callbacks, the simulator). A group controller subscribes and reconciles on each change.
 */
public interface InstanceChangeSource {

    /** Starts delivering changes to {@code listener} until the returned handle is closed. */
    AutoCloseable watch(Consumer<InstanceChange> listener);
}
