package io.infrakit.cli;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.SecretFiles;

/**
 * A daemon runs the specs stored in its home and serves sockets in its plugins folder: neither
 * may be another user's, or writable by others (they could plant a spec the daemon would run,
 * or a socket our CLI would send a spec to). Checked before a daemon starts; the message names
 * the path, its owner and mode, and the fix.
 */
public final class TrustedHome {

    private TrustedHome() {
    }

    public static void require(InfrakitPaths paths) {
        SecretFiles.requireOwnFolder(paths.home(), "INFRAKIT_HOME");
        SecretFiles.requireOwnFolder(paths.pluginsDir(), "plugins folder (INFRAKIT_PLUGINS_DIR)");
    }
}
