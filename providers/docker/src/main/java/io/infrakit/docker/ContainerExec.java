package io.infrakit.docker;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@code docker exec}: runs a command in a running container, streaming its output frames. */
final class ContainerExec {

    /** How it ended: the exit code (null when it timed out or could not run) and why it could not. */
    record Ended(Long exitCode, boolean timedOut, String error) {
    }

    /** How it ended, with what it wrote to stdout and to stderr. */
    record Captured(Ended ended, String stdout, String stderr) {
    }

    private final DockerEngine engine;

    ContainerExec(DockerEngine engine) {
        this.engine = engine;
    }

    Ended run(String containerId, List<String> command, Duration timeout, Consumer<Frame> output) {
        ExecCreateCmdResponse exec;
        try {
            exec = engine.api().execCreateCmd(containerId)
                    .withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec();
        } catch (DockerException e) {
            return new Ended(null, false, "cannot start " + command.getFirst() + ": " + DockerEngine.message(e));
        }
        QuietCallback<Frame> callback = new QuietCallback<>() {
            @Override
            public void onNext(Frame frame) {
                output.accept(frame);
            }
        };
        try {
            engine.streams().execStartCmd(exec.getId()).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                callback.close();
                return new Ended(null, true, "did not finish within " + timeout.toMillis() + " ms");
            }
            if (callback.error() != null) {
                return new Ended(null, false, "failed to run: " + DockerEngine.rootMessage(callback.error()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ended(null, false, "interrupted");
        } catch (Exception e) {
            return new Ended(null, false, "failed to run: " + DockerEngine.rootMessage(e));
        }
        Long exit = engine.api().inspectExecCmd(exec.getId()).exec().getExitCodeLong();
        return new Ended(exit, false, exit == null ? "ended without an exit code" : null);
    }

    /** Runs a command and keeps its stdout and stderr apart. */
    Captured capture(String containerId, List<String> command, Duration timeout) {
        return capture(containerId, command, timeout, text -> {
        });
    }

    /** The same, handing each stdout frame's text to {@code stdout} as it arrives. */
    Captured capture(String containerId, List<String> command, Duration timeout, Consumer<String> stdout) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Ended ended = run(containerId, command, timeout, frame -> {
            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
            boolean isErr = frame.getStreamType() == StreamType.STDERR;
            synchronized (out) { // frames may arrive on another thread than the caller's
                (isErr ? err : out).append(text);
            }
            if (!isErr) {
                stdout.accept(text); // the docker-java callback delivers frames one at a time, in order
            }
        });
        synchronized (out) {
            return new Captured(ended, out.toString(), err.toString());
        }
    }
}
