package io.infrakit.docker;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

    private final DockerEngine engine;
    private final Duration timeout;

    InitRunner(DockerEngine engine, Duration timeout) {
        this.engine = engine;
        this.timeout = timeout;
    }

    Outcome run(String containerId, String label, String script) {
        ExecCreateCmdResponse exec;
        try {
            exec = engine.api().execCreateCmd(containerId)
                    .withCmd("/bin/sh", "-c", script)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec();
        } catch (DockerException e) {
            return new Outcome(null, false, "", "cannot start the Init script: " + DockerEngine.message(e));
        }
        LineLogger out = new LineLogger(label);
        QuietCallback<Frame> callback = new QuietCallback<>() {
            @Override
            public void onNext(Frame frame) {
                out.accept(frame.getPayload());
            }
        };
        try {
            engine.streams().execStartCmd(exec.getId()).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                callback.close();
                out.flush();
                return new Outcome(null, true, out.tail(), "the Init script did not finish within " + timeout.toMillis()
                        + " ms (raise it with --opt docker.init-timeout=...)");
            }
            if (callback.error() != null) {
                throw new RuntimeException(callback.error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, false, out.tail(), "interrupted while the Init script ran");
        } catch (Exception e) {
            out.flush();
            return new Outcome(null, false, out.tail(), "the Init script failed to run: " + DockerEngine.rootMessage(e));
        }
        out.flush();
        Long exit = engine.api().inspectExecCmd(exec.getId()).exec().getExitCodeLong();
        return new Outcome(exit, false, out.tail(), null);
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
