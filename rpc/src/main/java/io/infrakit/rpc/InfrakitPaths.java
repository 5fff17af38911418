package io.infrakit.rpc;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where InfraKit keeps its state and its plugin sockets: {@code $INFRAKIT_HOME} (default
 * {@code ~/.infrakit}) and {@code $INFRAKIT_PLUGINS_DIR} (default {@code $INFRAKIT_HOME/plugins}).
 */
public record InfrakitPaths(Path home, Path pluginsDir) {

    public static final String HOME_ENV = "INFRAKIT_HOME";
    public static final String PLUGINS_DIR_ENV = "INFRAKIT_PLUGINS_DIR";

    /** Unix socket paths are limited to 108 bytes including the terminating NUL (Linux sun_path). */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    public InfrakitPaths {
        home = home.toAbsolutePath().normalize();
        pluginsDir = pluginsDir.toAbsolutePath().normalize();
    }

    /** From the process environment. */
    public static InfrakitPaths fromSystem() {
        return fromEnv(System.getenv());
    }

    /** From an environment map (tests pass their own). */
    public static InfrakitPaths fromEnv(Map<String, String> env) {
        String homeVar = env.get(HOME_ENV);
        Path home = homeVar == null || homeVar.isBlank()
                ? Path.of(System.getProperty("user.home"), ".infrakit")
                : Path.of(homeVar);
        String dirVar = env.get(PLUGINS_DIR_ENV);
        Path plugins = dirVar == null || dirVar.isBlank() ? home.resolve("plugins") : Path.of(dirVar);
        return new InfrakitPaths(home, plugins);
    }

    /** Both folders under one root: {@code root} is home, {@code root/plugins} the sockets. */
    public static InfrakitPaths under(Path root) {
        return new InfrakitPaths(root, root.resolve("plugins"));
    }

    /** The socket of plugin {@code lookup} (the part of a plugin name before the slash). */
    public Path socket(String lookup) {
        return pluginsDir.resolve(lookup);
    }

    /** The pid file written beside a socket. */
    public Path pidFile(String lookup) {
        return pluginsDir.resolve(lookup + ".pid");
    }
}
