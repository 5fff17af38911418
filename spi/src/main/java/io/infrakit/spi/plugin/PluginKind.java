package io.infrakit.spi.plugin;

/**
 * A kind of plugin that {@code infrakit plugin start KIND} can run inside the daemon's JVM.
 * Implementations are found with {@link java.util.ServiceLoader}: a provider module lists its
 * kind in {@code META-INF/services/io.infrakit.spi.plugin.PluginKind}. Constructors must stay
 * cheap (no connections, no heavy classes): the CLI lists kinds without starting them.
 */
public interface PluginKind {

    /** The name typed on the command line and, by default, the socket name ({@code simulator}). */
    String name();

    /** One line for {@code infrakit plugin kinds} and help. */
    String description();

    /** Option keys this kind understands, with one line each, for help and for refusing typos. */
    default java.util.Map<String, String> options() {
        return java.util.Map.of();
    }

    /**
     * The {@code Properties} this kind's plugin takes in a group spec's Instance or Flavor section,
     * for {@code infrakit explain KIND}; empty when it does not say. It must come from what the
     * plugin's Validate checks against, never from a second list.
     */
    default java.util.Optional<io.infrakit.spi.schema.Field> propertiesSchema() {
        return java.util.Optional.empty();
    }

    /** Creates the plugin's objects; the daemon serves them on a socket and closes them on exit. */
    RunningPlugin start(PluginContext context) throws Exception;
}
