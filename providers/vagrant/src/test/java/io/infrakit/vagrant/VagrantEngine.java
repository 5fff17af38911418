package io.infrakit.vagrant;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Vagrant (Debian's) with its Docker provider on the real Docker engine, and the image
 * {@code .ci/engines/vagrant.sh} builds. Tests skip when either is missing, and fail when engines
 * are required (INFRAKIT_REQUIRE_ENGINES=1, as in CI).
 */
final class VagrantEngine {

    static final String IMAGE = "infrakit-test/vagrant:1";

    private VagrantEngine() {
    }

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    /** Skips (or fails when required) unless vagrant is on PATH, Docker answers and the image exists. */
    static void assumeAvailable() {
        String problem = null;
        if (VagrantOptions.resolve("vagrant", System.getenv()).isEmpty()) {
            problem = "vagrant is not on PATH";
        } else if (run(List.of("docker", "info")).exitCode != 0) {
            problem = "the Docker engine does not answer (docker info)";
        } else if (run(List.of("docker", "image", "inspect", IMAGE)).exitCode != 0) {
            problem = "image " + IMAGE + " is missing";
        }
        if (problem != null) {
            problem += "; set it up with: sudo bash .ci/engines/vagrant.sh";
            if (required()) {
                Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
            }
            System.err.println("Vagrant tests skipped: " + problem);
            Assumptions.abort("skipped: " + problem);
        }
    }

    record Ran(int exitCode, String output) {
    }

    static Ran run(List<String> cmd) {
        return run(cmd, null);
    }

    static Ran run(List<String> cmd, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
                pb.environment().put("VAGRANT_CWD", dir.toString());
            }
            pb.environment().put("VAGRANT_CHECKPOINT_DISABLE", "1");
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Ran(-1, out);
            }
            return new Ran(p.exitValue(), out);
        } catch (IOException e) {
            return new Ran(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ran(-1, "interrupted");
        }
    }

    /**
     * A vagrant that logs each call's arguments to {@code log} (one line per call) and runs the real
     * one: how a test counts the plugin's vagrant calls.
     */
    static Path countingVagrant(Path dir, Path log) throws IOException {
        Path real = VagrantOptions.resolve("vagrant", System.getenv()).orElseThrow();
        Path shim = dir.resolve("vagrant");
        Files.writeString(shim, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return shim;
    }

    static long calls(Path log, String prefix) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count();
    }

    static VagrantOptions options(Path command, Path dir) {
        return new VagrantOptions(command, dir, null, Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(2));
    }

    /** The container's file, read with docker exec (the container is named after the instance). */
    static String readInContainer(String id, String file) {
        Ran r = run(List.of("docker", "exec", id, "cat", file));
        return r.exitCode == 0 ? r.output : null;
    }

    static boolean containerExists(String id) {
        return run(List.of("docker", "container", "inspect", id)).exitCode == 0;
    }

    /**
     * Runs vagrant destroy -f in every instance folder left under {@code machines}: a test that
     * failed half-way leaves no container behind.
     */
    static void destroyLeftovers(Path machines) {
        if (!Files.isDirectory(machines)) {
            return;
        }
        var vagrant = VagrantOptions.resolve("vagrant", System.getenv());
        if (vagrant.isEmpty()) {
            return;
        }
        try (var dirs = Files.list(machines)) {
            dirs.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("Vagrantfile")))
                    .forEach(d -> run(List.of(vagrant.get().toString(), "destroy", "-f"), d));
        } catch (IOException ignored) {
            // best effort
        }
    }
}
