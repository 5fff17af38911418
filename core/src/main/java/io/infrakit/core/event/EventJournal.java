package io.infrakit.core.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The manager's events, kept across restarts: an append-only file ({@link EventFile}) read back on
 * start, bounded by age and count ({@link Limits}, default 7 days or 100,000 events, whichever is
 * reached first). The newest events are also kept in memory, so that following readers ({@code
 * infrakit events -f}, a poll a second) never touch the disk; older ones are read from the file.
 * <p>
 * The journal numbers events itself: a restarted controller's bus starts again at 1, the journal
 * goes on from its last number, so a reader's cursor stays valid across restarts. Writing happens
 * on one virtual thread, so that recording never waits on the disk.
 * The file is compacted (rewritten with only what the limits keep) when it holds a tenth more
 * than the limits allow, so it never grows past about 1.1 times the bound.
 */
public final class EventJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** At most this many events are held in memory, whatever the count limit. */
    static final int MEMORY = 10_000;
    /**
     * Events older than the memory's are kept parsed, once a read needed them, while there are at
     * most this many: without it, every {@code since(0)} of a home with more than {@link #MEMORY}
     * events parsed the whole file again (80-120 ms of CPU per {@code infrakit get instances}).
     */
    static final int OLDER_CACHE = 40_000;

    /** How much history is kept: events older than {@code maxAge}, or beyond the newest {@code maxCount}, are dropped. */
    public record Limits(Duration maxAge, int maxCount) {
        public static final Limits DEFAULT = new Limits(Duration.ofDays(7), 100_000);

        public Limits {
            if (maxAge == null || maxAge.isZero() || maxAge.isNegative()) {
                throw new IllegalArgumentException("events-max-age must be more than 0, e.g. 168h (7 days)");
            }
            if (maxCount < 1) {
                throw new IllegalArgumentException("events-max-count " + maxCount + " must be at least 1, e.g. 100000");
            }
        }

        /** Lines the file may hold beyond the count before it is compacted. */
        int slack() {
            return Math.max(16, maxCount / 10);
        }
    }

    private final EventFile file;
    private final Limits limits;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final ArrayDeque<Event> memory = new ArrayDeque<>();
    private final LinkedBlockingQueue<Event> toWrite = new LinkedBlockingQueue<>();
    private final Thread writer;
    private long lastSequence;
    private long queuedCount;
    private long writtenCount;
    private Instant oldestInFile;
    /** The file's events with a sequence below {@link #olderBelow}, oldest first, or null (not read yet, or too many). */
    private ArrayDeque<Event> older;
    private long olderBelow;
    private volatile boolean closed;

    private EventJournal(EventFile file, Limits limits, Clock clock) {
        this.file = file;
        this.limits = limits;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("event-journal").unstarted(this::writeLoop);
    }

    /** Opens (or creates) {@code dir/NAME}, reads back what the limits keep, compacts it, and starts the writer. */
    public static EventJournal open(Path dir, String name, Limits limits, Clock clock) throws IOException {
        EventJournal j = new EventJournal(new EventFile(dir, name), limits, clock);
        List<Event> all = j.file.read(e -> true);
        j.lastSequence = all.stream().mapToLong(Event::sequence).max().orElse(0);
        List<Event> kept = all.stream().filter(j.withinLimits()).toList();
        if (kept.size() != j.file.lines()) {
            j.file.rewrite(kept);
        }
        j.oldestInFile = kept.isEmpty() ? null : kept.get(0).time();
        for (Event e : kept.subList(Math.max(0, kept.size() - j.memoryCap()), kept.size())) {
            j.memory.addLast(e);
        }
        j.writer.start();
        return j;
    }

    /** Records one event (from a bus or elsewhere) under the journal's next sequence number; returns it. */
    public Event record(Event e) {
        lock.lock();
        try {
            Event numbered = new Event(++lastSequence, e.time(), e.type(), e.group(), e.instance(), e.message());
            memory.addLast(numbered);
            while (memory.size() > memoryCap()) {
                keepOlder(memory.removeFirst());
            }
            queuedCount++;
            toWrite.add(numbered);
            return numbered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records every event of {@code feed}: those it still holds, then the new ones, read every
     * {@code period} on a virtual thread (reading rather than subscribing keeps the controller
     * that publishes free of our locks), until the returned handle is closed; closing reads once
     * more, so nothing published before it is lost.
     */
    public AutoCloseable follow(EventFeed feed, Duration period) {
        long[] seen = {0};
        ReentrantLock reading = new ReentrantLock();
        Runnable readNew = () -> {
            reading.lock();
            try {
                for (Event e : feed.since(seen[0])) {
                    record(e);
                    seen[0] = Math.max(seen[0], e.sequence());
                }
            } finally {
                reading.unlock();
            }
        };
        readNew.run();
        boolean[] stop = {false};
        Thread t = Thread.ofVirtual().name("event-journal-follow").start(() -> {
            while (!stop[0]) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    readNew.run();
                } catch (RuntimeException e) {
                    LOG.warn("cannot read new events: {}", e.toString());
                }
            }
        });
        return () -> {
            stop[0] = true;
            t.interrupt();
            t.join(period.multipliedBy(4));
            readNew.run();
        };
    }

    /** The kept events with a sequence above {@code after}, oldest first. */
    public List<Event> since(long after) {
        List<Event> recent;
        List<Event> cached = null;
        long oldestInMemory;
        boolean allWritten;
        lock.lock();
        try {
            recent = new ArrayList<>(memory);
            oldestInMemory = memory.isEmpty() ? lastSequence + 1 : memory.getFirst().sequence();
            allWritten = writtenCount == queuedCount;
            if (after + 1 < oldestInMemory && older != null && olderBelow >= oldestInMemory) {
                cached = new ArrayList<>(older);
            }
        } finally {
            lock.unlock();
        }
        Predicate<Event> keep = withinLimits();
        List<Event> out = new ArrayList<>();
        if (cached != null) {
            for (Event e : cached) {
                if (e.sequence() > after && e.sequence() < oldestInMemory && keep.test(e)) {
                    out.add(e);
                }
            }
        } else if (after + 1 < oldestInMemory) {
            try {
                List<Event> read = EventFile.readOnly(file.path(), e -> e.sequence() < oldestInMemory && keep.test(e));
                for (Event e : read) {
                    if (e.sequence() > after) {
                        out.add(e);
                    }
                }
                if (allWritten) {
                    cacheOlder(read, oldestInMemory);
                }
            } catch (IOException e) {
                LOG.warn("cannot read older events from {}: {}", file.path(), e.getMessage());
            }
        }
        for (Event e : recent) {
            if (e.sequence() > after && keep.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Keeps what a read of the file found below {@code below}, when nothing left the memory meanwhile
     * (every event below it is then in the file: all were written when the read began).
     */
    private void cacheOlder(List<Event> read, long below) {
        if (read.size() > OLDER_CACHE) {
            return;
        }
        lock.lock();
        try {
            long oldestInMemory = memory.isEmpty() ? lastSequence + 1 : memory.getFirst().sequence();
            if (older == null && oldestInMemory == below) {
                older = new ArrayDeque<>(read);
                olderBelow = below;
            }
        } finally {
            lock.unlock();
        }
    }

    /** An event leaving the memory joins the older ones kept parsed; past the cap those are dropped (the file has them). Under the lock. */
    private void keepOlder(Event e) {
        if (older == null) {
            return;
        }
        older.addLast(e);
        olderBelow = e.sequence() + 1;
        if (older.size() > OLDER_CACHE) {
            Predicate<Event> keep = withinLimitsLocked();
            while (!older.isEmpty() && !keep.test(older.getFirst())) {
                older.removeFirst();
            }
            if (older.size() > OLDER_CACHE) {
                older = null;
            }
        }
    }

    public long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every recorded event is in the file (or {@code timeout} passes); true when it is. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = queuedCount;
            while (writtenCount < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                written.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The file's path (for messages and tests). */
    public Path path() {
        return file.path();
    }

    private int memoryCap() {
        return Math.min(MEMORY, limits.maxCount());
    }

    private Predicate<Event> withinLimits() {
        return withinLimits(lastSequence());
    }

    /** {@link #withinLimits()} for a caller holding the lock. */
    private Predicate<Event> withinLimitsLocked() {
        return withinLimits(lastSequence);
    }

    private Predicate<Event> withinLimits(long last) {
        Instant cutoff = clock.instant().minus(limits.maxAge());
        long minSequence = last - limits.maxCount();
        return e -> e.sequence() > minSequence && !e.time().isBefore(cutoff);
    }

    private void writeLoop() {
        List<Event> batch = new ArrayList<>();
        while (!closed || !toWrite.isEmpty()) {
            try {
                Event first = toWrite.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                toWrite.drainTo(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            batch.clear();
        }
    }

    private void write(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            file.append(batch);
            if (oldestInFile == null) {
                oldestInFile = batch.get(0).time();
            }
            compactIfDue();
        } catch (IOException e) {
            // The events stay in memory; the next batch tries the file again.
            LOG.warn("cannot write {} event(s) to {}: {}", batch.size(), file.path(), e.getMessage());
        }
        lock.lock();
        try {
            writtenCount += batch.size();
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void compactIfDue() throws IOException {
        Duration ageSlack = limits.maxAge().dividedBy(10);
        boolean tooMany = file.lines() > limits.maxCount() + limits.slack();
        boolean tooOld = oldestInFile != null && oldestInFile.isBefore(clock.instant().minus(limits.maxAge()).minus(ageSlack));
        if (tooMany || tooOld) {
            List<Event> kept = file.read(withinLimits());
            file.rewrite(kept);
            oldestInFile = kept.isEmpty() ? null : kept.get(0).time();
            LOG.debug("compacted {} to {} event(s)", file.path(), kept.size());
        }
    }

    @Override
    public void close() {
        try {
            flush(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // No interrupt: it would close the file channel under a write. The writer sees the flag within 200 ms.
        closed = true;
        try {
            writer.join(Duration.ofSeconds(5));
            file.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("cannot close {}: {}", file.path(), e.getMessage());
        }
    }
}
