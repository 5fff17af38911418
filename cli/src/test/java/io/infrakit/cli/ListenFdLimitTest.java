package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 6: the daemon's file-descriptor budget. Under a limit too low to serve TCP
 * callers and keep a reserve for the unix sockets and the store, {@code --listen} refuses to start
 * with the fix; under a low but workable one, the listener takes fewer than its 512 connections.
 * Each case is a real daemon process started under {@code prlimit}.
 */
class ListenFdLimitTest {

    static final String TOKEN = "fd-limit-token-0123456789abcdef01";

    CliRun cli;

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            cli.delete();
        }
    }

    /** The daemon under {@code ulimit -n limit}, stopped once its listener started (or it ended): its exit code or "running", and its output. */
    private String[] daemonUnder(int limit) throws Exception {
        Path prlimit = Path.of("/usr/bin/prlimit");
        if (!Files.isExecutable(prlimit)) {
            if (Engines.required()) {
                throw new AssertionError("prlimit (util-linux) is needed, and INFRAKIT_REQUIRE_ENGINES=1 requires this test to run");
            }
            org.junit.jupiter.api.Assumptions.abort("prlimit (util-linux) not installed: skipping");
        }
        Engines.program("/usr/bin/openssl", "etcd.sh");
        cli = new CliRun();
        Path pki = Files.createDirectories(cli.home.resolve("pki"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=localhost", "-days", "2",
                "-addext", "subjectAltName=IP:127.0.0.1").directory(pki.toFile()).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor()).isZero();
        Path tokens = Files.writeString(pki.resolve("tokens"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        List<String> cmd = new ArrayList<>(List.of(prlimit.toString(), "--nofile=" + limit + ":" + limit,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "plugin", "start", "simulator",
                "--listen", "127.0.0.1:0", "--tls-cert", pki.resolve("cert.pem").toString(),
                "--tls-key", pki.resolve("key.pem").toString(), "--token-file", tokens.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(cli.home.resolve("out.txt").toFile());
        pb.environment().put("INFRAKIT_HOME", cli.home.toString());
        pb.environment().put("INFRAKIT_PLUGINS_DIR", cli.plugins.toString());
        Process daemon = pb.start();
        Path out = cli.home.resolve("out.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (daemon.isAlive() && !Files.readString(out).contains(" connections") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        boolean ended = !daemon.isAlive();
        if (!ended) {
            daemon.destroy(); // SIGTERM: the daemon stops as it would under a service manager
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return new String[]{ended ? String.valueOf(daemon.exitValue()) : "running", Files.readString(cli.home.resolve("out.txt"))};
    }

    @Test
    void aLimitThatLeavesNoRoomStopsTheListenerWithTheFix() throws Exception {
        String[] r = daemonUnder(300);
        assertThat(r[0]).as(r[1]).isEqualTo("1");
        assertThat(r[1]).contains("file-descriptor limit (ulimit -n) is 300", "unix sockets and the store", "ulimit -n 4096")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void aLowLimitLowersTheConnectionCap() throws Exception {
        // The log line says the cap in force.
        String[] r = daemonUnder(700);
        assertThat(r[0]).as(r[1]).isEqualTo("running");
        java.util.regex.Matcher cap = java.util.regex.Pattern.compile("at most (\\d+) connections").matcher(r[1]);
        assertThat(cap.find()).as(r[1]).isTrue();
        // (700 - what the JVM holds open - 256) / 2: well under the 512 of a normal limit, and at least 16.
        assertThat(Integer.parseInt(cap.group(1))).isBetween(16, 222);
    }
}
