package io.infrakit.spi.plugin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a {@link PluginKind} gets when it starts. */
public interface PluginContext {

    /** {@code $INFRAKIT_HOME} (default {@code ~/.infrakit}): where a plugin may keep state. */
    Path home();

    /** The folder of plugin sockets ({@code $INFRAKIT_PLUGINS_DIR}, default {@code $INFRAKIT_HOME/plugins}). */
    Path pluginsDir();

    /** Finds other plugins by name, in this JVM or behind a socket. */
    PluginLookup plugins();

    /** This kind's options (e.g. {@code --opt simulator.visible-after=30s} gives key {@code visible-after}). */
    Map<String, String> options();

    default Optional<String> option(String key) {
        return Optional.ofNullable(options().get(key));
    }
}
