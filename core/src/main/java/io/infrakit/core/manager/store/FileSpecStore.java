package io.infrakit.core.manager.store;

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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The {@code file} spec store: {@code $INFRAKIT_HOME/configs/groups/<id>/<version>.json}, one
 * file per committed version. Each version is written durably (see {@link DurableFiles}), so a
 * commit is on disk when it returns. Each file carries its checksum and its version is its name
 * ({@link VersionFiles}); a file that fails either is damaged, never skipped: a damaged newest
 * version makes the group {@link StoreDamage damaged} (not listed, not run, nothing committed over
 * it but an explicit restore), so a restart never changes what the user committed. The last
 * {@link #DEFAULT_KEEP} versions of each group are kept, for rollback.
 */
public final class FileSpecStore implements SpecStore {

    public static final int DEFAULT_KEEP = 10;
    private static final Logger log = LoggerFactory.getLogger(FileSpecStore.class);

    private final Path groupsDir;
    private final int keep;
    private final Clock clock;
    // In-JVM writers take this lock; other processes are kept out by the file lock.
    private final ReentrantLock writeLock = new ReentrantLock();
    // Damaged files already warned about: every listing scans, the log says it once.
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** What one group's folder holds: its readable versions, newest first, and the files that cannot be trusted. */
    private record Scan(List<StoredSpec> versions, List<StoreDamage> damage) {
        /** The damage of the newest version file, if it is damaged. */
        Optional<StoreDamage> newestDamage() {
            return damage.stream().filter(StoreDamage::newest).findFirst();
        }

        /** The highest version any file's name stands for: the next commit goes above it. */
        long top() {
            long top = versions.isEmpty() ? NO_VERSION : versions.get(0).version();
            for (StoreDamage d : damage) {
                top = Math.max(top, d.version());
            }
            return top;
        }
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
        // A store folder another user owns may hold specs they planted: refuse it rather than run them.
        io.infrakit.rpc.SecretFiles.requireOwner(configsDir, "spec store folder");
        io.infrakit.rpc.SecretFiles.requireOwner(groupsDir, "spec store folder");
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
        for (Path dir : groupDirs()) {
            Scan scan = scan(dir);
            if (scan.newestDamage().isEmpty()) {
                scan.versions().stream().findFirst().ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(StoredSpec::id));
        return out;
    }

    @Override
    public List<StoreDamage> damage() {
        List<StoreDamage> out = new ArrayList<>();
        for (Path dir : groupDirs()) {
            out.addAll(scan(dir).damage());
        }
        return out;
    }

    @Override
    public Optional<StoredSpec> get(String id) {
        Scan scan = scan(dirOf(id));
        scan.newestDamage().ifPresent(d -> {
            throw new DamagedGroupException(d);
        });
        return scan.versions().stream().findFirst();
    }

    @Override
    public List<StoredSpec> history(String id) {
        return scan(dirOf(id)).versions();
    }

    @Override
    public StoredSpec commit(GroupSpec spec, long expectedVersion) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new PluginException("Group ID must not be blank");
        }
        Path dir = dirOf(spec.id());
        return locked(() -> {
            Scan scan = scan(dir);
            Optional<StoreDamage> damaged = scan.newestDamage();
            long current = damaged.map(StoreDamage::version)
                    .orElse(scan.versions().isEmpty() ? NO_VERSION : scan.versions().get(0).version());
            // Over a damaged version only a commit that names it (a restore the user asked for) may go.
            if (damaged.isPresent() && expectedVersion != current) {
                throw new DamagedGroupException(damaged.get());
            }
            if (expectedVersion != ANY_VERSION && expectedVersion != current) {
                throw new SpecConflictException(spec.id(), expectedVersion, current);
            }
            StoredSpec stored = new StoredSpec(spec, Math.max(current, scan.top()) + 1, clock.instant());
            try {
                DurableFiles.write(dir.resolve(VersionFiles.fileName(stored.version())), VersionFiles.encode(stored));
                DurableFiles.syncDir(groupsDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store group '" + spec.id() + "': " + e.getMessage(), e);
            }
            // A damaged file the new version supersedes is kept beside it, out of the versions.
            for (StoreDamage d : scan.damage()) {
                setAside(Path.of(d.file()));
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

    /** Group folders (not hidden ones: temp, removed). */
    private List<Path> groupDirs() {
        try (Stream<Path> dirs = Files.list(groupsDir)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + groupsDir + ": " + e.getMessage(), e);
        }
    }

    private Scan scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Scan(List.of(), List.of());
        }
        String id = idOf(dir);
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(f -> VersionFiles.versionOf(f) >= 0)
                    .sorted(Comparator.comparingLong(VersionFiles::versionOf).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        List<StoredSpec> out = new ArrayList<>();
        List<Path> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(VersionFiles.decode(f, id));
            } catch (VersionFiles.DamagedFileException e) {
                bad.add(f);
                reasons.add(e.getMessage());
            } catch (IOException e) {
                bad.add(f);
                reasons.add("it cannot be read (" + e.getMessage() + ")");
            }
        }
        List<StoreDamage> damage = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            Path f = bad.get(i);
            long v = VersionFiles.versionOf(f);
            boolean newest = f.equals(files.get(0));
            long restore = out.stream().mapToLong(StoredSpec::version).filter(x -> x < v).max().orElse(0);
            damage.add(new StoreDamage(id, f.toAbsolutePath().toString(), v, reasons.get(i), newest, restore));
            if (warned.add(f + " " + reasons.get(i))) {
                log.warn("group={} version={} file={} cannot be trusted: {}", id, v, f, reasons.get(i));
            }
        }
        return new Scan(out, damage);
    }

    private static void setAside(Path file) {
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot set the damaged file {} aside: {}", file, e.getMessage());
        }
    }

    private void prune(Path dir) {
        List<StoredSpec> all = scan(dir).versions();
        for (StoredSpec old : all.subList(Math.min(keep, all.size()), all.size())) {
            try {
                Files.deleteIfExists(dir.resolve(VersionFiles.fileName(old.version())));
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

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
