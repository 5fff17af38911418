package io.infrakit.spi.metadata;

import java.util.List;
import java.util.Optional;

/**
 * InfraKit's {@code Metadata} interface: a tree of values addressed by slash-separated paths
 * ({@code deployments/swarm/jointoken}). Our values are strings; each carries the version the
 * store gave it, so that a writer can swap it only if nobody wrote in between.
 */
public interface Metadata {

    /** The names of the children of {@code path} (the root is "", "." or "/"), sorted; none for a leaf or a missing path. */
    List<String> keys(String path);

    /** The value at {@code path}, if one was set. */
    Optional<VarValue> get(String path);
}
