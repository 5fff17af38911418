package io.infrakit.core.deploy;

import io.infrakit.spi.instance.ExecResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The log of every step run on an instance: {@code logs/DEPLOYMENT-INSTANCE.log}, appended. A step's
 * stdout is written as it arrives (between its start and end lines), its stderr when it ends.
 */
final class StepLog {
    private final Path dir;

    StepLog(Path dir) {
        this.dir = dir;
    }

    Path file(String deployment, String instance) {
        return dir.resolve(deployment + "-" + instance.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
    }

    /** Starts a step's entry: its header and the stdout section, filled by {@link Entry#stdout}. */
    Entry begin(String deployment, String instance, Step s) {
        Entry e = new Entry(file(deployment, instance), s);
        e.append("== " + Instant.now() + ' ' + s.label() + " [" + s.kind().field + "] started\n-- stdout\n");
        return e;
    }

    /** One step's part of the log; one thread at a time writes to it (the exec path hands stdout over in order). */
    static final class Entry {
        private final Path file;
        private final Step step;
        private boolean endsWithNewline = true;

        private Entry(Path file, Step step) {
            this.file = file;
            this.step = step;
        }

        void stdout(String text) {
            if (!text.isEmpty()) {
                append(text);
                endsWithNewline = text.endsWith("\n");
            }
        }

        /** Ends the entry: stderr, then how it ended ({@code r} null: it could not run, see {@code failure}). */
        void end(ExecResult r, String failure, Duration took) {
            StringBuilder b = new StringBuilder(endsWithNewline ? "" : "\n");
            if (r != null) {
                b.append("-- stderr\n").append(r.stderr()).append(r.stderr().endsWith("\n") || r.stderr().isEmpty() ? "" : "\n");
            }
            b.append("== ").append(Instant.now()).append(' ').append(step.label()).append(" [").append(step.kind().field).append("] ");
            b.append(r == null ? "failed: " + failure : "exit " + r.exitCode()).append(" in ").append(took.toMillis()).append(" ms\n");
            append(b.toString());
        }

        /** A log that cannot be written never stops the run (the progress lines carry the outcome). */
        private void append(String text) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the run goes on
            }
        }
    }
}
