package io.infrakit.vagrant;

import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code vagrant} command: one process per call, its output (stdout and stderr merged)
 * logged line by line and its tail kept for errors. A call that outlives its timeout, or whose
 * thread is interrupted, is killed with its children (Vagrant starts ruby, docker, VBoxManage...).
 */
final class VagrantCli {

    private static final Logger log = LoggerFactory.getLogger(VagrantCli.class);
    private static final int KEEP = 64 * 1024;

    /** How a call ended: the exit code (-1 when killed) and the output (its last 64 KB). */
    record Result(int exitCode, String output, boolean timedOut) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** The last lines of the output, for an error message. */
        String tail() {
            String[] lines = output.strip().split("\r?\n");
            int from = Math.max(0, lines.length - 6);
            return String.join(" | ", java.util.Arrays.asList(lines).subList(from, lines.length)).strip();
        }
    }

    private final Path executable;
    private final Map<String, String> env;

    /**
     * @param env variables added to the plugin's environment for every call (e.g. VAGRANT_HOME)
     */
    VagrantCli(Path executable, Map<String, String> env) {
        this.executable = executable;
        this.env = Map.copyOf(env);
    }

    Path executable() {
        return executable;
    }

    Result run(Path dir, Duration timeout, String who, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.putAll(env);
        // The environment is this folder, never one found above it; no update check over the network.
        e.put("VAGRANT_CWD", dir.toString());
        e.put("VAGRANT_CHECKPOINT_DISABLE", "1");
        e.put("VAGRANT_NO_COLOR", "1");
        Process process;
        try {
            process = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException ex) {
            throw new PluginException("vagrant: cannot run " + executable + " (" + ex.getMessage() + "); check --opt vagrant.command");
        }
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().name("vagrant-out-" + who).start(() -> drain(process.getInputStream(), out, who));
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                kill(process);
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException ex) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new PluginException("vagrant " + args[0] + " for " + who + " was interrupted (the plugin is stopping)");
        }
        synchronized (out) {
            return new Result(timedOut ? -1 : process.exitValue(), out.toString(), timedOut);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void drain(InputStream in, StringBuilder out, String who) {
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                String s = new String(buf, 0, n, StandardCharsets.UTF_8);
                synchronized (out) {
                    out.append(s);
                    if (out.length() > KEEP) {
                        out.delete(0, out.length() - KEEP);
                    }
                }
                line.append(s);
                int nl;
                while ((nl = line.indexOf("\n")) >= 0) {
                    String l = line.substring(0, nl).stripTrailing();
                    if (!l.isEmpty()) {
                        log.debug("vagrant {}: {}", who, l);
                    }
                    line.delete(0, nl + 1);
                }
            }
        } catch (IOException ignored) {
            // the process was killed: what was read is kept
        }
    }

    /**
     * Machines Vagrant knows on this host, from ONE {@code vagrant global-status --prune
     * --machine-readable}: the folder of each environment and its state (running, stopped,
     * preparing, ...). Pruning drops entries whose folder or machine is gone; when Vagrant refuses
     * it because a machine is in use, the index is listed once more without pruning.
     */
    Map<Path, String> globalStatus(Path cwd, Duration timeout) {
        Result r = run(cwd, timeout, "global-status", "global-status", "--prune", "--machine-readable");
        if (!r.ok() && !r.timedOut() && r.output().contains("it is locked")) {
            // Pruning takes the lock of each machine it would drop, and a machine whose vagrant up is
            // still running looks droppable: Vagrant then refuses. The index itself is readable.
            log.debug("vagrant global-status --prune met a machine in use; listing without pruning");
            r = run(cwd, timeout, "global-status", "global-status", "--machine-readable");
        }
        if (!r.ok()) {
            throw new PluginException("vagrant global-status failed" + (r.timedOut() ? " (timed out)" : " (exit " + r.exitCode() + ")")
                    + ": " + r.tail());
        }
        return parseGlobalStatus(r.output());
    }

    /** Reads the machine-readable lines {@code time,target,type,data}: each machine-home is followed by its state. */
    static Map<Path, String> parseGlobalStatus(String output) {
        Map<Path, String> out = new HashMap<>();
        Path home = null;
        for (String line : output.split("\r?\n")) {
            String[] f = line.split(",", 4);
            if (f.length < 4) {
                continue;
            }
            switch (f[2]) {
                case "machine-id" -> home = null;
                case "machine-home" -> home = Path.of(f[3].replace("%!(VAGRANT_COMMA)", ",")).normalize();
                case "state" -> {
                    if (home != null) {
                        out.put(home, f[3]);
                        home = null;
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }
}
