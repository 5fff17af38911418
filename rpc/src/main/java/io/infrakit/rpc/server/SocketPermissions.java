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

    /** Makes {@code folder} 0700, creating it (and its parents) when missing. */
    public static void restrictFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        set(folder, "rwx------");
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
