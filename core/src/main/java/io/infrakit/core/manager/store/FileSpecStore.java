package io.infrakit.core.manager.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The {@code file} spec store: {@code $INFRAKIT_HOME/configs/groups/<id>/<version>.json}, one
 * file per committed version. Each version is written durably (see {@link DurableFiles}), so a
 * commit is on disk when it returns; a file that does not parse (a torn write on a file system
 * that does not honour rename) is skipped and the previous version stays the latest. The last
 * {@link #DEFAULT_KEEP} versions of each group are kept, for rollback.
 */
public final class FileSpecStore implements SpecStore {

    public static final int DEFAULT_KEEP = 10;
    private static final Logger log = LoggerFactory.getLogger(FileSpecStore.class);
    private static final String SUFFIX = ".json";

    private final Path groupsDir;
    private final int keep;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // In-JVM writers take this lock; other processes are kept out by the file lock.
    private final ReentrantLock writeLock = new ReentrantLock();

    /** The file format of one version. */
    record VersionFile(@JsonProperty("Version") long version,
                       @JsonProperty("CommittedAt") String committedAt,
                       @JsonProperty("Spec") GroupSpec spec) {
    }

    /** A store under {@code configsDir} (normally {@code $INFRAKIT_HOME/configs}). */
    public FileSpecStore(Path configsDir) {
        this(configsDir, DEFAULT_KEEP, Clock.systemUTC());
    }

    public FileSpecStore(Path configsDir, int keep, Clock clock) {
        if (keep < 2) {
            throw new IllegalArgumentException("keep must be at least 2 (the latest and the previous version), was " + keep);
        }
        this.groupsDir = configsDir.resolve("groups");
        this.keep = keep;
        this.clock = clock;
        try {
            DurableFiles.privateDir(configsDir);
            DurableFiles.privateDir(groupsDir);
            tightenExisting();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spec store folder " + groupsDir + ": " + e.getMessage(), e);
        }
    }

    /** A store an older version wrote (0755 folders, 0644 files) becomes owner-only, as new writes are. */
    private void tightenExisting() throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(groupsDir, 2)) {
            for (Path p : all.toList()) {
                try {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        DurableFiles.privateDir(p);
                    } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        DurableFiles.privateFile(p);
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed by another writer meanwhile
                }
            }
        }
    }

    public Path folder() {
        return groupsDir;
    }

    @Override
    public List<StoredSpec> list() {
        List<StoredSpec> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(groupsDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().startsWith(".")) {
                    continue;
                }
                versions(dir).stream().findFirst().ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + groupsDir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(StoredSpec::id));
        return out;
    }

    @Override
    public Optional<StoredSpec> get(String id) {
        return versions(dirOf(id)).stream().findFirst();
    }

    @Override
    public List<StoredSpec> history(String id) {
        return versions(dirOf(id));
    }

    @Override
    public StoredSpec commit(GroupSpec spec, long expectedVersion) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new PluginException("Group ID must not be blank");
        }
        Path dir = dirOf(spec.id());
        return locked(() -> {
            long current = get(spec.id()).map(StoredSpec::version).orElse(NO_VERSION);
            if (expectedVersion != ANY_VERSION && expectedVersion != current) {
                throw new SpecConflictException(spec.id(), expectedVersion, current);
            }
            StoredSpec stored = new StoredSpec(spec, current + 1, clock.instant());
            try {
                byte[] bytes = json.writeValueAsBytes(new VersionFile(stored.version(), stored.committedAt().toString(), spec));
                DurableFiles.write(dir.resolve(fileName(stored.version())), bytes);
                DurableFiles.syncDir(groupsDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store group '" + spec.id() + "': " + e.getMessage(), e);
            }
            prune(dir);
            log.info("stored group={} version={}", spec.id(), stored.version());
            return stored;
        });
    }

    @Override
    public boolean remove(String id) {
        Path dir = dirOf(id);
        return locked(() -> {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            // Rename first so a crash mid-delete never leaves a half-removed group that still lists.
            Path trash = groupsDir.resolve(".removed-" + dir.getFileName() + "-" + System.nanoTime());
            try {
                Files.move(dir, trash);
                DurableFiles.syncDir(groupsDir);
                deleteTree(trash);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove group '" + id + "': " + e.getMessage(), e);
            }
            log.info("removed group={} from store", id);
            return true;
        });
    }

    private List<StoredSpec> versions(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredSpec> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(SUFFIX)) {
                    continue;
                }
                try {
                    VersionFile vf = json.readValue(f.toFile(), VersionFile.class);
                    if (vf.spec() == null || vf.spec().id() == null) {
                        throw new IOException("no Spec.ID");
                    }
                    out.add(new StoredSpec(vf.spec(), vf.version(), Instant.parse(vf.committedAt())));
                } catch (IOException | RuntimeException e) {
                    log.warn("skipping unreadable spec file {} (torn or corrupt write?): {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(StoredSpec::version).reversed());
        return out;
    }

    private void prune(Path dir) {
        List<StoredSpec> all = versions(dir);
        for (StoredSpec old : all.subList(Math.min(keep, all.size()), all.size())) {
            try {
                Files.deleteIfExists(dir.resolve(fileName(old.version())));
            } catch (IOException e) {
                log.warn("cannot prune old version {} of group={}: {}", old.version(), old.id(), e.getMessage());
            }
        }
    }

    private interface Action<T> {
        T run();
    }

    /** Serialises writers: in this JVM with a lock, across processes with an OS file lock. */
    private <T> T locked(Action<T> action) {
        writeLock.lock();
        try (FileChannel ch = DurableFiles.openPrivate(groupsDir.resolve(".lock"))) {
            FileLock lock = null;
            while (lock == null) {
                try {
                    lock = ch.lock();
                } catch (OverlappingFileLockException e) {
                    // another store object in this JVM on the same folder holds it; wait our turn
                    Thread.sleep(5);
                }
            }
            try {
                return action.run();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock spec store " + groupsDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting for the spec store lock");
        } finally {
            writeLock.unlock();
        }
    }

    private Path dirOf(String id) {
        String enc = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("*", "%2A");
        if (enc.startsWith(".")) {
            enc = "%2E" + enc.substring(1);
        }
        return groupsDir.resolve(enc);
    }

    static String idOf(Path dir) {
        return URLDecoder.decode(dir.getFileName().toString(), StandardCharsets.UTF_8);
    }

    private static String fileName(long version) {
        return String.format("%010d%s", version, SUFFIX);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
