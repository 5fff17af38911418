package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.Engines;
import io.infrakit.cli.testing.HalfOpenFlood;
import io.infrakit.cli.testing.PluginDaemon;
import io.infrakit.rpc.remote.RemoteListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13's must-show: 20,000 unauthenticated half-open TLS connections (TCP connected, one TLS
 * byte, then a byte every 4 s) to a daemon's {@code --listen}, from two attacker processes and 400
 * source addresses: during the attack the owner's commit over the unix socket and an authorised
 * remote call both succeed, the daemon never holds more than its connection cap, and its file
 * descriptors are back at their baseline within 30 s after. The daemon runs in this JVM, so
 * {@code /proc/self/fd} is its count; the attackers' sockets are in their own processes.
 */
class ListenFloodTest {

    static final String TOKEN = "flood-token-0123456789abcdef0123";
    static final int CONNECTIONS = 20_000;
    static final int ATTACKERS = 2; // 10,000 each: under one process's file-descriptor limit (often 20,000 at most)

    CliRun cli;
    CliRun remoteSide;
    PluginDaemon daemon;
    Path pki;
    int port;

    @BeforeEach
    void start() throws Exception {
        Engines.program("/usr/bin/openssl", "etcd.sh");
        cli = new CliRun();
        remoteSide = new CliRun();
        pki = Files.createDirectories(cli.home.resolve("pki"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=localhost", "-days", "2",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as(out).isZero();
        Path tokens = Files.writeString(pki.resolve("tokens"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "manager", "group", "vanilla", "simulator",
                "--opt", "group.poll-interval=200ms", "--listen", "0.0.0.0:" + port,
                "--tls-cert", pki.resolve("cert.pem").toString(), "--tls-key", pki.resolve("key.pem").toString(),
                "--token-file", tokens.toString()), "group", "group-stateless", "simulator");
        await().atMost(Duration.ofSeconds(15)).until(() -> cli.run("status").out().contains("(leader)"));
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (cli != null) {
            cli.delete();
            remoteSide.delete();
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** {@code get groups} from "another host": over TCP with the token, trusting the daemon's certificate. */
    private CliRun.Result remote(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> vars = Map.of("INFRAKIT_HOME", remoteSide.home.toString(), "INFRAKIT_HOST", "tcp://127.0.0.1:" + port,
                "INFRAKIT_TLS_CA", pki.resolve("cert.pem").toString(), "INFRAKIT_TOKEN", TOKEN);
        int code = Main.run(new CliEnv(vars, a -> { }), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun.Result(code, out.toString(), err.toString());
    }

    private Path spec(String name, int size) throws IOException {
        return Files.writeString(cli.home.resolve(name + ".yml"), """
                kind: group
                metadata: {name: %s}
                properties:
                  Allocation: {Size: %d}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Instance: {Plugin: simulator/compute, Properties: {cpu: 1}}
                """.formatted(name, size));
    }

    @Test
    void twentyThousandHalfOpenConnectionsStarveNeitherTheOwnerNorAnAuthorisedCaller() throws Exception {
        // Warm: the lazy resources of both ways in exist before the baseline is taken.
        CliRun.Result first = cli.run("apply", "-f", spec("before", 1).toString());
        assertThat(first.code()).as(first.err()).isZero();
        CliRun.Result warm = remote("get", "groups");
        assertThat(warm.code()).as(warm.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("get", "groups").out().matches("(?s).*before\\s+1\\s+1.*"));
        System.gc();
        long baseline = openFds();

        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                try {
                    peak.accumulateAndGet(openFds(), Math::max);
                    Thread.sleep(20);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        double floodSeconds = Double.NaN;
        List<HalfOpenFlood> attackers = new ArrayList<>();
        try {
            for (int a = 0; a < ATTACKERS; a++) {
                // 50 connections from each of 200 addresses per attacker: under the per-address cap, far over the total one.
                attackers.add(HalfOpenFlood.start(port, CONNECTIONS / ATTACKERS, 10 + a, 50));
            }
            int opened = 0;
            for (HalfOpenFlood attacker : attackers) {
                opened += attacker.opened();
            }
            floodSeconds = (System.nanoTime() - t0) / 1e9;
            // Nearly all connected at the TCP level: the listener had to accept them (a few may meet a full accept queue).
            assertThat(opened).as("connections opened in %.1f s", floodSeconds).isGreaterThanOrEqualTo(CONNECTIONS * 95 / 100);

            // During the attack (the attackers still hold every socket and trickle into the ones left open):
            // the owner commits over the unix socket, and the group converges.
            CliRun.Result commit = cli.run("group", "commit", spec("during", 2).toString());
            assertThat(commit.code()).as(commit.out() + commit.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("get", "groups").out().matches("(?s).*during\\s+2\\s+2.*"));
            // An authorised remote caller gets in: at worst it waits until the handshake timeout frees a slot.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> remote("get", "groups").code() == 0);
            assertThat(remote("get", "groups").out()).contains("during");
            // The daemon held at most its cap of them, plus slack for its own files (class files, the commit's).
            assertThat(peak.get() - baseline).isLessThanOrEqualTo(RemoteListener.MAX_CONNECTIONS + 128);
        } finally {
            for (HalfOpenFlood attacker : attackers) {
                attacker.close();
            }
            sampling.set(false);
            sampler.join(TimeUnit.SECONDS.toMillis(5));
        }
        long ended = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> openFds() <= baseline + 16);
        System.out.printf("flood: %d connections opened in %.1f s, peak %d fds over a baseline of %d, back in %.1f s, %.1f s in all%n",
                CONNECTIONS, floodSeconds, peak.get() - baseline, baseline, (System.nanoTime() - ended) / 1e9, (System.nanoTime() - t0) / 1e9);
        assertThat(remote("get", "groups").code()).isZero();
    }
}
