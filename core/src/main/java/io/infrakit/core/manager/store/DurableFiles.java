package io.infrakit.core.manager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes files so that a crash at any moment leaves either the old content or the new one,
 * never a torn mix: temp file in the same folder, fsync, atomic rename, fsync of the folder.
 */
final class DurableFiles {

    /** Prefix of temp files; readers skip them (a crash may leave one behind). */
    static final String TEMP_PREFIX = ".tmp-";

    private DurableFiles() {
    }

    static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            createPrivate(dir);
            try (FileChannel ch = posix(dir)
                    ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_ATTR)
                    : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDir(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temp file is skipped by readers anyway
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Owner only: specs carry secrets (passwords in plugin properties), so others may not read them. */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR = PosixFilePermissions.asFileAttribute(FILE_MODE);

    /** Creates {@code dir} (and missing parents) 0700, and makes {@code dir} itself 0700 if it was wider. */
    static void privateDir(Path dir) throws IOException {
        createPrivate(dir);
        if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }

    /** Creates {@code dir} and missing parents 0700; an existing folder is left as it is (it may be the home). */
    static void createPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createPrivate(parent);
            }
            try {
                if (posix(parent == null ? dir : parent)) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by another writer meanwhile
            }
        }
    }

    /** Opens (creating it 0600 if missing) a file to write, e.g. a lock file. */
    static FileChannel openPrivate(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return posix(file) ? FileChannel.open(file, options, FILE_ATTR) : FileChannel.open(file, options);
    }

    /** Makes an existing file 0600 (a store written by an older version was 0644). */
    static void privateFile(Path file) throws IOException {
        if (posix(file) && Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(FILE_MODE)) {
            Files.setPosixFilePermissions(file, FILE_MODE);
        }
    }

    private static boolean posix(Path p) {
        try {
            return Files.getFileStore(Files.exists(p) ? p : p.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Makes a rename or delete in {@code dir} durable (the folder's entry list is data too). */
    static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open folders for fsync; the rename was still atomic.
        }
    }
}
