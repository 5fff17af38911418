package io.infrakit.rpc;

import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Trust checks on files that hold secrets (bearer tokens, private keys, passwords) and on folders
 * that hold state, in the spirit of ssh's StrictModes: a secret another user can read is no
 * longer a secret, and a file or folder another user owns may have been planted. Each refusal
 * names the path, its owner and mode, and the command that fixes it. On a file system without
 * POSIX attributes nothing is checked.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {
    }

    /**
     * Refuses {@code file} when someone other than its owner may read or write it, or when it is owned
     * by another user (root aside).
     *
     * @param what what the file is, for the message (e.g. "token file (--token-file)")
     */
    public static void requirePrivate(Path file, String what) {
        Attributes a = attributes(file);
        if (a == null) {
            return;
        }
        ownedByUs(file, what, a);
        if (a.mode().stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new PluginException(what + " '" + file + "' can be read by other users (mode " + a.octal() + ", owner "
                    + a.owner() + "): a secret must be the owner's only; fix it with: chmod " + (Files.isDirectory(file) ? "700" : "600")
                    + " '" + file + "'");
        }
    }

    /**
     * Refuses a folder holding our state when another user owns it or when group or others may
     * write into it (they could plant or replace what we read).
     */
    public static void requireOwnFolder(Path dir, String what) {
        Attributes a = attributes(dir);
        if (a == null) {
            return;
        }
        ownedByUs(dir, what, a);
        if (a.mode().stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            throw new PluginException(what + " '" + dir + "' can be written by other users (mode " + a.octal() + ", owner "
                    + a.owner() + "): they could plant files there; fix it with: chmod go-w '" + dir + "'");
        }
    }

    /** Refuses a path another user owns (root aside); its mode is left to the caller (the store tightens its own). */
    public static void requireOwner(Path path, String what) {
        Attributes a = attributes(path);
        if (a != null) {
            ownedByUs(path, what, a);
        }
    }

    private static void ownedByUs(Path path, String what, Attributes a) {
        long self = selfUid();
        if (self >= 0 && a.uid() >= 0 && a.uid() != self && a.uid() != 0) {
            throw new PluginException(what + " '" + path + "' is owned by user " + a.owner() + " (uid " + a.uid()
                    + "), not by you (uid " + self + "): another user may have put it there; use your own, or take it over with: sudo chown "
                    + System.getProperty("user.name", "$USER") + " '" + path + "'");
        }
    }

    private record Attributes(long uid, String owner, Set<PosixFilePermission> mode) {
        String octal() {
            int bits = 0;
            for (PosixFilePermission p : mode) {
                bits |= 1 << (8 - p.ordinal());
            }
            return String.format("%04o", bits);
        }
    }

    /** Owner and mode, or null when the path is missing or the file system has no POSIX attributes. */
    private static Attributes attributes(Path path) {
        try {
            if (!Files.exists(path)) {
                return null;
            }
            if (!Files.getFileStore(path).supportsFileAttributeView("posix")) {
                return null;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            String owner = Files.getOwner(path).getName();
            long uid = Files.getAttribute(path, "unix:uid") instanceof Integer i ? i : -1;
            return new Attributes(uid, owner, mode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** This process's user ID: the owner of /proc/self on Linux, else unknown (-1). */
    static long selfUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Integer i ? i : -1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
