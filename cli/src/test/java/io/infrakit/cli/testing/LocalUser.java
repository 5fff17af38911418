package io.infrakit.cli.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A second local user made for one test class and removed after it ({@code useradd --system}, no
 * home, no login shell), with a random name so that test runs side by side do not meet; commands
 * run as it through {@code setpriv}. Needs root: without it the test is skipped, or fails when
 * INFRAKIT_REQUIRE_ENGINES=1 (CI runs as root, and must show what this proves).
 */
public final class LocalUser implements AutoCloseable {

    private static final Path USERADD = Path.of("/usr/sbin/useradd");
    private static final Path USERDEL = Path.of("/usr/sbin/userdel");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    public record Run(int code, String out, String err) {
    }

    private final String name;
    private final int uid;
    private final int gid;
    private final Thread cleanup;

    private LocalUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        // A JVM stopped before @AfterAll still removes it.
        this.cleanup = new Thread(this::delete);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Makes a new user {@code infrakit-probe-XXXXXXXX}, or skips (fails when engines are required) when that cannot be done here. */
    public static LocalUser create() throws Exception {
        String missing = !"root".equals(System.getProperty("user.name")) ? "root (to add a user)"
                : !Files.isExecutable(USERADD) || !Files.isExecutable(USERDEL) ? USERADD + " and " + USERDEL + " (package passwd)"
                : !Files.isExecutable(SETPRIV) ? SETPRIV + " (package util-linux)" : null;
        if (missing != null) {
            String why = "acting as a second local user needs " + missing;
            if (Engines.required()) {
                throw new AssertionError(why + ", and INFRAKIT_REQUIRE_ENGINES=1 requires this test to run");
            }
            Assumptions.abort(why + ": skipping");
        }
        String name = "infrakit-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Run add = null;
        // A few tries: another test run adding or removing a user at the same moment holds /etc/passwd's lock.
        for (int attempt = 0; attempt < 5 && (add == null || add.code() != 0); attempt++) {
            if (add != null) {
                Thread.sleep(300);
            }
            add = run(List.of(USERADD.toString(), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name));
        }
        if (add.code() != 0) {
            throw new AssertionError("useradd " + name + " failed (" + add.code() + "): " + add.err());
        }
        return new LocalUser(name, Integer.parseInt(run(List.of("id", "-u", name)).out().trim()),
                Integer.parseInt(run(List.of("id", "-g", name)).out().trim()));
    }

    public String name() {
        return name;
    }

    public int uid() {
        return uid;
    }

    /** Whether the system still knows this user (false once {@link #close()} has run). */
    public boolean exists() throws Exception {
        return run(List.of("getent", "passwd", name)).code() == 0;
    }

    /** The command as this user: its uid and gid only, no supplementary groups, HOME=/tmp, in /tmp. */
    public Run run(String... command) throws Exception {
        return run(as(command));
    }

    /** The process builder for {@code command} run as this user (for long-running ones). */
    public ProcessBuilder processBuilder(String... command) {
        ProcessBuilder pb = new ProcessBuilder(as(command)).directory(Path.of("/tmp").toFile());
        pb.environment().put("HOME", "/tmp");
        return pb;
    }

    private List<String> as(String... command) {
        List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(Path.of("/tmp").toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), out, err);
    }

    /** Removes the user (and the group of the same name useradd made); the caller ends the processes it started as the user first. */
    @Override
    public void close() throws Exception {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is stopping: the hook runs, or ran, anyway
        }
        if (exists()) {
            throw new AssertionError("userdel left " + name + " behind");
        }
    }

    private void delete() {
        try {
            for (int attempt = 0; attempt < 5 && run(List.of(USERDEL.toString(), name)).code() != 0
                    && run(List.of("getent", "passwd", name)).code() == 0; attempt++) {
                Thread.sleep(300); // the same lock, held by another run
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot remove user " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ")";
    }
}
