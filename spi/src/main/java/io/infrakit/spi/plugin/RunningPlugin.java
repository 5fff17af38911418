package io.infrakit.spi.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a started {@link PluginKind} serves: a socket name and its objects by name. The object
 * named {@link #DEFAULT_OBJECT} answers requests whose {@code Type} is empty. Each object
 * implements one or more SPI interfaces (InstancePlugin, FlavorPlugin, GroupPlugin, ...).
 */
public record RunningPlugin(String socketName, Map<String, Object> objects, AutoCloseable closer) implements AutoCloseable {

    /** Name of the socket's default object (InfraKit lists it as "." in its handshake). */
    public static final String DEFAULT_OBJECT = "";

    public RunningPlugin {
        objects = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    }

    /** A plugin serving a single default object. */
    public static RunningPlugin single(String socketName, Object object, AutoCloseable closer) {
        return new RunningPlugin(socketName, Map.of(DEFAULT_OBJECT, object), closer);
    }

    @Override
    public void close() throws Exception {
        if (closer != null) {
            closer.close();
        }
    }
}
