package io.infrakit.core.deploy;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A step's stdout as it arrives in pieces: appended to the instance's log at once, and printed
 * line by line (the first {@link #PRINTED} lines; the log has them all) as each line completes.
 */
final class StepOutput implements Consumer<String> {

    static final int PRINTED = 20;

    private final Consumer<String> lines;
    private final StepLog.Entry log;
    private final ReentrantLock lock = new ReentrantLock();
    private final StringBuilder partial = new StringBuilder();
    private int count;

    StepOutput(Consumer<String> lines, StepLog.Entry log) {
        this.lines = lines;
        this.log = log;
    }

    @Override
    public void accept(String text) {
        lock.lock();
        try {
            log.stdout(text);
            partial.append(text);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                line(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The step ended: a last line without a newline is printed, and how many lines were not. */
    void finish(Path logFile) {
        lock.lock();
        try {
            if (!partial.isEmpty()) {
                line(partial.toString());
                partial.setLength(0);
            }
            if (count > PRINTED) {
                lines.accept("    | ... " + (count - PRINTED) + " more line" + (count - PRINTED == 1 ? "" : "s") + " in " + logFile);
            }
        } finally {
            lock.unlock();
        }
    }

    private void line(String text) {
        count++;
        if (count <= PRINTED) {
            lines.accept("    | " + text);
        }
    }
}
