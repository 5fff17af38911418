package io.infrakit.rpc.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Unix sockets are the default way in, and whoever can connect can change the infrastructure:
 * only the owner may use them (socket 0600, its folder 0700). Best effort on file systems
 * without POSIX permissions.
 */
public final class SocketPermissions {
    private static final Logger log = LoggerFactory.getLogger(SocketPermissions.class);

    private SocketPermissions() {
    }

    /**
     * Makes the sockets folder 0700: when we create it, and when it is the default
     * {@code $INFRAKIT_HOME/plugins} owned by us. A folder the user chose (INFRAKIT_PLUGINS_DIR, say
     * /tmp or /run) is not ours to lock down: it only gets a warning when others can enter it.
     */
    public static void restrictFolder(Path folder) throws IOException {
        boolean existed = Files.isDirectory(folder);
        Files.createDirectories(folder);
        if (!existed || (folder.getFileName() != null && folder.getFileName().toString().equals("plugins") && ownedByUs(folder))) {
            set(folder, "rwx------");
            return;
        }
        if (Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)).substring(3).contains("x")) {
            log.warn("plugins folder {} can be entered by other users; sockets in it are 0600, but consider "
                    + "`chmod 700 {}` or a private INFRAKIT_PLUGINS_DIR", folder, folder);
        }
    }

    private static boolean ownedByUs(Path folder) throws IOException {
        return Files.getOwner(folder).getName().equals(System.getProperty("user.name"));
    }

    /** Makes {@code socket} 0600. */
    public static void restrictSocket(Path socket) throws IOException {
        set(socket, "rw-------");
    }

    private static void set(Path path, String perms) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) == null) {
            log.debug("{}: no POSIX permissions on this file system; left as is", path);
            return;
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
    }
}
