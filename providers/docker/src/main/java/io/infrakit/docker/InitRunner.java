package io.infrakit.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a flavor's Init script in a started container with {@code docker exec /bin/sh -c INIT},
 * logging its output line by line.
 */
final class InitRunner {

    private static final Logger log = LoggerFactory.getLogger(InitRunner.class);
    /** Output kept for the outcome (the tail); all of it is logged. */
    private static final int KEEP = 4096;

    /**
     * What the script did: its exit code (null when it timed out or could not run), the tail of
     * its output, and why it could not run or finish (null when it exited).
     */
    record Outcome(Long exitCode, boolean timedOut, String output, String error) {
        boolean succeeded() {
            return exitCode != null && exitCode == 0;
        }
    }

    private final ContainerExec exec;
    private final Duration timeout;
    private final LabelOverlay overlay;

    InitRunner(ContainerExec exec, Duration timeout, LabelOverlay overlay) {
        this.exec = exec;
        this.timeout = timeout;
        this.overlay = overlay;
    }

    /**
     * Runs the script in a started container and records the outcome as tags on it ({@link
     * DockerLabels#INIT_STATUS}, and {@link DockerLabels#INIT_EXIT} when it failed), so that a
     * flavor or a user can tell a broken instance. {@code who} names it in the log.
     */
    void runAndRecord(String containerId, String script, String who) {
        String shortId = DockerInstancePlugin.shortId(containerId);
        Outcome outcome = run(containerId, shortId + " " + who, script);
        if (outcome.succeeded()) {
            overlay.put(containerId, Map.of(DockerLabels.INIT_STATUS, DockerLabels.INIT_SUCCEEDED));
            log.info("init succeeded: container {} {}", shortId, who);
            return;
        }
        String exit = outcome.exitCode() != null ? String.valueOf(outcome.exitCode()) : outcome.timedOut() ? "timeout" : "error";
        overlay.put(containerId, Map.of(DockerLabels.INIT_STATUS, DockerLabels.INIT_FAILED, DockerLabels.INIT_EXIT, exit));
        log.warn("init failed: container {} {} exit={} reason={} output tail: {}", shortId, who, exit,
                outcome.error() == null ? "non-zero exit" : outcome.error(), outcome.output().strip());
    }

    Outcome run(String containerId, String label, String script) {
        LineLogger out = new LineLogger(label);
        ContainerExec.Ended ended = exec.run(containerId, List.of("/bin/sh", "-c", script), timeout, f -> out.accept(f.getPayload()));
        out.flush();
        String error = ended.error() == null ? null : "the Init script " + ended.error()
                + (ended.timedOut() ? " (raise it with --opt docker.init-timeout=...)" : "");
        return new Outcome(ended.exitCode(), ended.timedOut(), out.tail(), error);
    }

    /** Logs complete lines as they arrive and keeps the last few KB. */
    private static final class LineLogger {
        private final String label;
        private final StringBuilder partial = new StringBuilder();
        private final StringBuilder tail = new StringBuilder();

        LineLogger(String label) {
            this.label = label;
        }

        synchronized void accept(byte[] bytes) {
            String s = new String(bytes, StandardCharsets.UTF_8);
            tail.append(s);
            if (tail.length() > KEEP) {
                tail.delete(0, tail.length() - KEEP);
            }
            partial.append(s);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                log.info("init {}: {}", label, partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
        }

        synchronized void flush() {
            if (!partial.isEmpty()) {
                log.info("init {}: {}", label, partial);
                partial.setLength(0);
            }
        }

        synchronized String tail() {
            return tail.toString();
        }
    }
}
