package io.infrakit.core.manager.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code file} leadership backend, for managers on one host: whoever holds an OS lock on
 * {@code $INFRAKIT_HOME/leader.lock} leads. Followers retry the lock on a timer, so when the
 * leader exits (or is killed: the OS drops its lock) one of them takes over within one period.
 * The leader publishes where it listens in {@code $INFRAKIT_HOME/leader.location}.
 */
public final class FileLeadership implements Leadership {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(FileLeadership.class);

    private final Path lockFile;
    private final Path locationFile;
    private final Duration period;
    private final Object guard = new Object();
    private ScheduledExecutorService timer;
    private FileChannel channel;
    private FileLock lock;
    private Object lockedFileKey;
    private Listener listener;
    private String self;
    private boolean closed;

    public FileLeadership(Path home) {
        this(home, DEFAULT_PERIOD);
    }

    public FileLeadership(Path home, Duration period) {
        this.lockFile = home.resolve("leader.lock");
        this.locationFile = home.resolve("leader.location");
        this.period = period;
    }

    @Override
    public void start(String self, Listener listener) {
        synchronized (guard) {
            if (timer != null) {
                throw new IllegalStateException("leadership already started");
            }
            this.self = self;
            this.listener = listener;
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "leadership-file");
                t.setDaemon(true);
                return t;
            });
        }
        timer.scheduleWithFixedDelay(this::campaign, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Why the last campaign could not take the lock at all; read by status.
    private volatile String problem;

    @Override
    public java.util.Optional<String> problem() {
        return java.util.Optional.ofNullable(problem);
    }

    private void campaign() {
        boolean elected = false;
        boolean revoked = false;
        synchronized (guard) {
            if (closed) {
                return;
            }
            try {
                if (lock != null) {
                    // A lock on a file that was since deleted or replaced no longer keeps others out:
                    // step down rather than risk two leaders.
                    if (!lock.isValid() || !channel.isOpen() || !sameFile()) {
                        log.warn("leader lock {} is gone or was replaced; stepping down", lockFile);
                        releaseQuietly();
                        revoked = true;
                    }
                } else {
                    if (channel == null || !channel.isOpen()) {
                        Files.createDirectories(lockFile.getParent());
                        // 0600 like the rest of the store: another user has no business reading or locking it.
                        channel = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                    }
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null; // another manager in this JVM holds it
                    }
                    if (lock != null && !recordFileKey()) {
                        releaseQuietly(); // someone replaced the file between open and lock; retry next period
                    }
                    if (lock != null) {
                        DurableFiles.write(locationFile, self.getBytes(StandardCharsets.UTF_8));
                        elected = true;
                    }
                }
                problem = null;
            } catch (IOException | RuntimeException e) {
                String was = problem;
                problem = "cannot take the leader lock " + lockFile + ": " + (Files.isDirectory(lockFile)
                        ? "it is a folder; remove it (rmdir '" + lockFile + "') so the manager can lock a file there"
                        : e.getMessage() + "; check that the file can be written (ls -l '" + lockFile + "')");
                if (!problem.equals(was)) {
                    log.warn("leadership check on {} failed: {}", lockFile, e.toString());
                }
            }
        }
        if (elected) {
            log.info("elected leader location={}", self);
            listener.elected();
        }
        if (revoked) {
            log.warn("lost leadership location={}", self);
            listener.revoked();
        }
    }

    private boolean recordFileKey() {
        lockedFileKey = fileKey();
        return lockedFileKey != null;
    }

    private boolean sameFile() {
        Object now = fileKey();
        return now != null && now.equals(lockedFileKey);
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(lockFile, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void releaseQuietly() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("releasing {}: {}", lockFile, e.toString());
        }
        lock = null;
        channel = null;
    }

    @Override
    public boolean isLeader() {
        synchronized (guard) {
            return lock != null && lock.isValid();
        }
    }

    @Override
    public Optional<String> leaderLocation() {
        if (isLeader()) {
            return Optional.of(self);
        }
        try {
            String text = Files.readString(locationFile, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        boolean wasLeader;
        ScheduledExecutorService t;
        synchronized (guard) {
            if (closed) {
                return;
            }
            closed = true;
            wasLeader = lock != null && lock.isValid();
            t = timer;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Stop our groups before letting a successor in, so two controllers never act at once.
        if (wasLeader && listener != null) {
            log.info("stepping down as leader location={}", self);
            listener.revoked();
        }
        synchronized (guard) {
            try {
                if (wasLeader) {
                    Files.deleteIfExists(locationFile);
                }
                if (lock != null) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                log.warn("releasing {} failed: {}", lockFile, e.toString());
            }
            lock = null;
        }
    }
}
