package io.infrakit.core.group;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon log's line per provisioned (or destroyed) member of one group, bounded. In a window of
 * {@link #WINDOW} from the first action after a quiet spell, the first {@link #ALLOWANCE} actions get
 * their own INFO line, as ever; the rest are counted and summarised in one INFO line when the window
 * ends ({@code group=workers provisioned 990 more instances in the last 1.0 s ...}). While a burst goes
 * on (an action less than a window after the last), later windows are summarised from their first
 * action. The per-member lines beyond the allowance are logged at DEBUG, and every action is an event
 * ({@code infrakit events}), which stays the full record.
 *
 * <p>Why: a cold daemon converging its first group of 1,000 spent about a sixth of its time building
 * and writing 1,000 INFO lines. Small groups and single heals keep exactly their lines.
 *
 * <p>Thread-safe: the counters are kept under a lock, the lines are written outside it. A window with
 * counted lines is summarised by a timer ({@link #timed()}, the daemon), at the next reconcile that
 * finds it over ({@link #flushDue()}), or when the group stops ({@link #flushNow()}), whichever comes first.
 */
final class ActionLog {

    static final Duration WINDOW = Duration.ofSeconds(1);
    static final int ALLOWANCE = 10;

    private final String group;
    private final String verb;
    private final Logger log;
    private final Clock clock;
    private final long windowMillis;
    private final int allowance;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean timed;

    // Guarded by lock.
    private boolean open;
    private long windowStart;
    private long lastAction;
    private int individual;
    private int allowed;
    private int counted;
    /** The last window closed had counted lines: a burst, if the next action follows closely. */
    private boolean burst;
    /** Which window a timer was started for, so that it never closes a later one early. */
    private long generation;

    /**
     * @param verb what the lines say happened to a member: "provisioned", "destroyed"
     * @param log  where the lines go (the caller's logger, so that they keep their logger name)
     */
    ActionLog(String group, String verb, Logger log, Clock clock, Duration window, int allowance) {
        this.group = group;
        this.verb = verb;
        this.log = log;
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.allowance = allowance;
    }

    ActionLog(String group, String verb, Logger log, Clock clock) {
        this(group, verb, log, clock, WINDOW, ALLOWANCE);
    }

    /** From now on a window with counted lines is summarised when it ends, by a timer (the daemon). */
    void timed() {
        timed = true;
    }

    /**
     * One member was provisioned or destroyed: {@code group=G instance=I VERB (reason[, logical ID L])}
     * at INFO within the allowance, else counted (and at DEBUG).
     */
    void record(String instanceId, String reason, String logicalId) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long now = clock.millis();
        Summary ended = null;
        boolean own;
        long startTimer = -1;
        long timerDelay = 0;
        lock.lock();
        try {
            if (open && now - windowStart >= windowMillis) {
                ended = close(windowMillis);
            }
            if (!open) {
                open = true;
                windowStart = now;
                individual = 0;
                // Closely after a summarised window the burst goes on: no fresh allowance.
                allowed = burst && now - lastAction < windowMillis ? 0 : allowance;
            }
            lastAction = now;
            own = individual < allowed;
            if (own) {
                individual++;
            } else if (++counted == 1 && timed) {
                startTimer = generation;
                timerDelay = Math.max(0, windowStart + windowMillis - now);
            }
        } finally {
            lock.unlock();
        }
        write(ended);
        if (own) {
            log.info("group={} instance={} {} ({})", group, instanceId, verb, detail(reason, logicalId));
        } else if (log.isDebugEnabled()) {
            log.debug("group={} instance={} {} ({})", group, instanceId, verb, detail(reason, logicalId));
        }
        if (startTimer >= 0) {
            long window = startTimer;
            long delay = timerDelay;
            Thread.ofVirtual().name("log-" + group).start(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                flushWindow(window);
            });
        }
    }

    private static String detail(String reason, String logicalId) {
        return logicalId == null ? reason : reason + ", logical ID " + logicalId;
    }

    /** Summarises the current window if it is over (a reconcile calls this: no timer needed in tests). */
    void flushDue() {
        long now = clock.millis();
        Summary ended = null;
        lock.lock();
        try {
            if (open && now - windowStart >= windowMillis) {
                ended = close(windowMillis);
            }
        } finally {
            lock.unlock();
        }
        write(ended);
    }

    /** Summarises what was counted so far (the group stops, or a direct destroy of many finished). */
    void flushNow() {
        long now = clock.millis();
        Summary ended = null;
        lock.lock();
        try {
            if (open) {
                ended = close(Math.min(windowMillis, Math.max(0, now - windowStart)));
            }
        } finally {
            lock.unlock();
        }
        write(ended);
    }

    private void flushWindow(long window) {
        Summary ended = null;
        lock.lock();
        try {
            if (open && generation == window) {
                ended = close(windowMillis);
            }
        } finally {
            lock.unlock();
        }
        write(ended);
    }

    /** Under the lock: ends the open window; returns its summary, or null when nothing was counted. */
    private Summary close(long spanMillis) {
        Summary s = counted > 0 ? new Summary(counted, individual > 0, spanMillis) : null;
        burst = counted > 0;
        open = false;
        counted = 0;
        individual = 0;
        generation++;
        return s;
    }

    private void write(Summary s) {
        if (s == null) {
            return;
        }
        log.info("group={} {} {}{} instance{} in the last {} (each is in `infrakit events`; at DEBUG in this log)",
                group, verb, s.count(), s.more() ? " more" : "", s.count() == 1 ? "" : "s", span(s.spanMillis()));
    }

    /** "1.0 s" for a whole window; "40 ms" for a short one (a group stopped, a direct destroy finished). */
    private static String span(long millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : millis + " ms";
    }

    private record Summary(int count, boolean more, long spanMillis) {
    }
}
