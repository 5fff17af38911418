package io.infrakit.rpc.binding;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The plugin side of a streamed {@code Instance.Exec}: commands started by {@code Instance.ExecStart}
 * run on virtual threads, their stdout gathered as it comes; {@code Instance.ExecOutput} answers what
 * is new since an offset, waiting briefly for more. A session is forgotten a while after it ended.
 */
final class ExecSessions {

    /** How long an {@code ExecOutput} call waits for new output before answering with none. */
    static final Duration WAIT = Duration.ofSeconds(1);
    /** How long an ended session is kept for a client that has not read its end (or resends). */
    static final Duration KEEP = Duration.ofMinutes(2);
    static final int MAX = 256;

    /** What {@code ExecOutput} answers: stdout from the offset on, the next offset, and the end once there. */
    record Chunk(String stdout, long next, boolean done, ExecResult result, String error) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    String start(InstanceExec target, String instance, List<String> command, Duration timeout) {
        forgetOld();
        if (sessions.size() >= MAX) {
            throw new PluginException("too many commands running through Instance.ExecStart (" + MAX + "): wait for some to end");
        }
        Session s = new Session(System.nanoTime() + timeout.plus(KEEP).toNanos());
        String handle = UUID.randomUUID().toString();
        sessions.put(handle, s);
        Thread.ofVirtual().name("exec-" + instance).start(() -> {
            try {
                s.end(target.exec(instance, command, timeout, s::append), null);
            } catch (RuntimeException e) {
                s.end(null, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
        return handle;
    }

    Chunk output(String handle, long from) throws InterruptedException {
        Session s = sessions.get(handle);
        if (s == null) {
            throw new InvalidParamsException("\"Handle\" '" + handle + "' is unknown: it was never started here, or ended over "
                    + KEEP.toMinutes() + " minutes ago; start the command again with Instance.ExecStart");
        }
        return s.from(from);
    }

    private void forgetOld() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> s.expired(now));
    }

    private static final class Session {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final StringBuilder stdout = new StringBuilder();
        private long expires;
        private boolean done;
        private ExecResult result;
        private String error;

        Session(long expires) {
            this.expires = expires;
        }

        void append(String text) {
            lock.lock();
            try {
                stdout.append(text);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void end(ExecResult r, String why) {
            lock.lock();
            try {
                if (r != null && stdout.length() < r.stdout().length()) {
                    stdout.setLength(0); // a plugin that streamed less than it returned: the result is whole
                    stdout.append(r.stdout());
                }
                result = r;
                error = why;
                done = true;
                expires = System.nanoTime() + KEEP.toNanos();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        Chunk from(long offset) throws InterruptedException {
            lock.lock();
            try {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!done && stdout.length() <= offset) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.await(left, TimeUnit.NANOSECONDS);
                }
                int start = (int) Math.min(Math.max(offset, 0), stdout.length());
                return new Chunk(stdout.substring(start), stdout.length(), done, result, error);
            } finally {
                lock.unlock();
            }
        }

        boolean expired(long now) {
            lock.lock();
            try {
                return now - expires > 0;
            } finally {
                lock.unlock();
            }
        }
    }
}
