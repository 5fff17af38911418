package io.infrakit.core.deploy;

import io.infrakit.spi.instance.ExecResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The log of every step run on an instance: {@code logs/DEPLOYMENT-INSTANCE.log}, appended, stdout and stderr apart. */
final class StepLog {
    private final Path dir;

    StepLog(Path dir) {
        this.dir = dir;
    }

    Path file(String deployment, String instance) {
        return dir.resolve(deployment + "-" + instance.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
    }

    /** Appends one step; a log that cannot be written never stops the run (the outcome is printed anyway). */
    void write(String deployment, String instance, Step s, ExecResult r, String failure, Duration took) {
        StringBuilder b = new StringBuilder();
        b.append("== ").append(Instant.now()).append(' ').append(s.label()).append(" [").append(s.kind().field).append("] ");
        b.append(r == null ? "failed: " + failure : "exit " + r.exitCode()).append(" in ").append(took.toMillis()).append(" ms\n");
        if (r != null) {
            b.append("-- stdout\n").append(r.stdout()).append(r.stdout().endsWith("\n") || r.stdout().isEmpty() ? "" : "\n");
            b.append("-- stderr\n").append(r.stderr()).append(r.stderr().endsWith("\n") || r.stderr().isEmpty() ? "" : "\n");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file(deployment, instance), b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the run goes on: the progress lines carry the outcome
        }
    }

}
