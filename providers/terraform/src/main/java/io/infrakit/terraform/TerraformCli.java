package io.infrakit.terraform;

import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code terraform} command: one process per call, stdout kept whole (for {@code show
 * -json}) and stderr apart. Every call runs non-interactively ({@code TF_IN_AUTOMATION},
 * {@code TF_INPUT=0}), without the checkpoint call home, and without a shared plugin cache (two
 * working directories initialising at once must not race on it). A call that outlives its
 * timeout, or whose thread is interrupted, is stopped: first with SIGTERM, which lets Terraform
 * release its state lock, then killed.
 */
final class TerraformCli {

    private static final Logger log = LoggerFactory.getLogger(TerraformCli.class);

    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** The last lines of what Terraform said, for an error message. */
        String tail() {
            String text = (stderr.isBlank() ? stdout : stderr).strip();
            String[] lines = text.split("\r?\n");
            List<String> kept = new ArrayList<>();
            for (int i = Math.max(0, lines.length - 8); i < lines.length; i++) {
                String l = lines[i].replaceAll("[│╷╵]", "").strip();
                if (!l.isEmpty()) {
                    kept.add(l);
                }
            }
            return String.join(" | ", kept);
        }
    }

    private final Path executable;

    TerraformCli(Path executable) {
        this.executable = executable;
    }

    Result run(Path dir, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        e.put("TF_IN_AUTOMATION", "1");
        e.put("TF_INPUT", "0");
        e.put("CHECKPOINT_DISABLE", "1");
        e.remove("TF_PLUGIN_CACHE_DIR");
        e.remove("TF_DATA_DIR");
        Process process;
        try {
            process = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException ex) {
            throw new PluginException("terraform: cannot run " + executable + " (" + ex.getMessage() + "); check --opt terraform.command");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Thread o = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
        Thread r = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err));
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                stop(process);
            }
            o.join();
            r.join();
        } catch (InterruptedException ex) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new PluginException("terraform " + args[0] + " in " + dir + " was interrupted (the plugin is stopping)");
        }
        int code = timedOut ? -1 : process.exitValue();
        log.debug("terraform {} in {}: exit {}", args[0], dir, code);
        // Both readers have ended: the buffers are complete (bytes decoded once, whole characters).
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), timedOut);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream in, java.io.ByteArrayOutputStream into) {
        try (in) {
            in.transferTo(into);
        } catch (IOException ignored) {
            // the process was stopped: what was read is kept
        }
    }
}
