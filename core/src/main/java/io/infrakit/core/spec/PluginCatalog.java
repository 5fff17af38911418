package io.infrakit.core.spec;

import java.util.Collection;

/**
 * Says whether a plugin name ({@code simulator/compute}) can be reached, so that a spec file naming
 * a plugin that is not running is refused before anything is committed. Only the CLI has one (it
 * sees the plugins folder); the manager and the controller find out by looking the plugin up.
 */
public interface PluginCatalog {
    boolean exists(String pluginName);

    /** The names that exist, for the error message. */
    Collection<String> known();
}
