package io.infrakit.rpc.discovery;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A socket found in the plugins folder: its name, what it serves ({@code Instance/0.6.1 -> [compute, disk]},
 * with {@code "."} for the default object) and whether anybody answers.
 */
public record DiscoveredPlugin(String name, Path socket, State state, Map<String, List<String>> objects, String problem) {

    public enum State {
        /** Answered Handshake.Hello. */
        LIVE,
        /** The socket file exists but nobody listens: the plugin died without cleaning up. */
        STALE,
        /** Something listens but did not answer the handshake properly. */
        FAILED
    }

    /** The interfaces served, e.g. {@code [Instance/0.6.1]}. */
    public List<String> interfaces() {
        return List.copyOf(objects.keySet());
    }
}
