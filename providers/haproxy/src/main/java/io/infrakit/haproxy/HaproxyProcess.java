package io.infrakit.haproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HAProxy this plugin runs: master-worker mode, in the background, with its own configuration,
 * pid file, admin socket and master CLI socket in one folder. It outlives the plugin (traffic keeps
 * flowing while the plugin restarts); a new plugin adopts it through the master socket. Routes are
 * applied by the master's {@code reload}: a new worker takes over the listening sockets
 * ({@code expose-fd listeners}) and the old worker finishes its open connections before it exits.
 */
final class HaproxyProcess {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String binary;
    private final Path config;
    private final Path pidFile;
    private final RuntimeApi master;
    private final RuntimeApi admin;

    HaproxyProcess(String binary, Path dir, RuntimeApi admin) {
        this.binary = binary;
        this.config = dir.resolve("haproxy.cfg");
        this.pidFile = dir.resolve("haproxy.pid");
        this.master = new RuntimeApi(dir.resolve("master.sock"), Duration.ofSeconds(5));
        this.admin = admin;
    }

    Path config() {
        return config;
    }

    boolean running() {
        try {
            return master.send("show proc").contains("master");
        } catch (IOException e) {
            return false;
        }
    }

    /** HAProxy's own check of a configuration text ({@code haproxy -c}); empty when it is valid. */
    Optional<String> check(String text) throws IOException, InterruptedException {
        Path candidate = config.resolveSibling("haproxy.cfg.check");
        Files.writeString(candidate, text, StandardCharsets.UTF_8);
        try {
            ProcessResult r = run(List.of(binary, "-c", "-q", "-f", candidate.toString()));
            return r.exit == 0 ? Optional.empty() : Optional.of(r.output.isBlank() ? "haproxy -c failed" : r.output.trim());
        } finally {
            Files.deleteIfExists(candidate);
        }
    }

    /** Starts HAProxy on the written configuration and waits until its admin socket answers. */
    void start() throws IOException, InterruptedException {
        Files.deleteIfExists(master.socket());
        ProcessResult r = run(List.of(binary, "-W", "-D", "-f", config.toString(), "-p", pidFile.toString(),
                "-S", master.socket() + ",mode,600"));
        if (r.exit != 0) {
            throw new IOException("haproxy did not start (exit " + r.exit + "): " + r.output.trim());
        }
        awaitWorker(-1);
    }

    /**
     * Has the master load the written configuration into a new worker, the old one finishing its
     * connections; returns when the new worker answers on the admin socket.
     */
    void reload() throws IOException, InterruptedException {
        long before = workerPid();
        try {
            master.send("reload");
        } catch (IOException e) {
            // The master closes the CLI connection as it re-executes itself: not a failure.
        }
        awaitWorker(before);
    }

    /** Stops HAProxy (master and workers) and waits for the master to exit. */
    void stop() throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).trim();
        if (text.isEmpty()) {
            return;
        }
        long pid = Long.parseLong(text.lines().findFirst().orElse("0").trim());
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
            h.get().destroy();
            h.get().onExit().completeOnTimeout(null, WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
    }

    /** The worker's pid from {@code show info}, or -1 when none answers. */
    long workerPid() {
        try {
            for (String line : admin.send("show info").split("\n")) {
                if (line.startsWith("Pid:")) {
                    return Long.parseLong(line.substring(4).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // none answering
        }
        return -1;
    }

    private void awaitWorker(long notPid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long pid = workerPid();
            if (pid > 0 && pid != notPid) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("haproxy's worker did not answer on " + admin.socket() + " within " + WAIT.toSeconds() + " s");
    }

    private record ProcessResult(int exit, String output) {
    }

    private static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(p.waitFor(), out);
    }
}
