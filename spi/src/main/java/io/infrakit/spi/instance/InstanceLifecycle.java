package io.infrakit.spi.instance;

/**
 * Optional interface for instance plugins that can stop an instance and start it again without
 * losing it (Docker: a stopped container; libvirt: a shut-off domain; the simulator: a stopped
 * state). The group controller keeps a warm pool with it ({@code Policy.WarmPool}): stopped members
 * started on scale-up instead of provisioning new ones. Both calls are idempotent: starting a running
 * instance or stopping a stopped one is not an error. Failures are thrown as
 * {@link io.infrakit.spi.PluginException}.
 */
public interface InstanceLifecycle {

    /** Starts a stopped instance; returns once the provider reports it running. */
    void start(String instanceId);

    /** Stops a running instance, keeping it (disk, identity, tags) for a later {@link #start}. */
    void stop(String instanceId);
}
