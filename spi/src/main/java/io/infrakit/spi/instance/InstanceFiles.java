package io.infrakit.spi.instance;

import java.time.Duration;

/**
 * Optional interface for instance plugins that can copy whole files into and out of an instance
 * without SSH, as bytes (binary-safe): Docker through the Engine's archive API, libvirt through
 * the QEMU guest agent's {@code guest-file-*} (base64 in chunks), vSphere through its guest file
 * manager. Deployments' upload and download steps use it when a plugin serves it.
 */
public interface InstanceFiles {

    /**
     * The largest file either way: 8 MiB. A file crosses a plugin socket base64-encoded in one
     * JSON-RPC message, and sockets take at most 16 MiB per message.
     */
    int MAX_BYTES = 8 * 1024 * 1024;

    /**
     * Writes {@code content} to {@code path} in the instance, replacing the file if there is one.
     * The folder must exist. Fails with a {@link io.infrakit.spi.PluginException} naming the
     * instance and the path.
     */
    void writeFile(String instanceId, String path, byte[] content, Duration timeout);

    /** The bytes of file {@code path} in the instance; fails when it is missing or over {@link #MAX_BYTES}. */
    byte[] readFile(String instanceId, String path, Duration timeout);
}
