package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.PluginDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's remote access: a daemon started with {@code --listen} and TLS is reached from another
 * "host" (a CLI with its own, empty INFRAKIT_HOME) with {@code --host}; calls without valid
 * credentials are refused. The unix sockets stay private (0600 in a 0700 folder).
 */
class RemoteAccessTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    CliRun daemonSide;
    CliRun clientSide;
    PluginDaemon daemon;
    Path pki;
    int port;

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private void issue(String name, String ext) throws Exception {
        Files.writeString(pki.resolve(name + ".ext"), ext);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + "-key.pem",
                "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
    }

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            if ("1".equals(System.getProperty("infrakit.requireEngines"))) {
                throw new AssertionError("openssl is needed for test certificates (.ci/engines/etcd.sh installs it)");
            }
            Assumptions.abort("openssl not installed: skipping");
        }
        daemonSide = new CliRun();
        clientSide = new CliRun();
        pki = Files.createDirectories(daemonSide.home.resolve("pki"));
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca.pem", "-subj", "/CN=infrakit-test-ca", "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE");
        issue("daemon", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        issue("operator", "extendedKeyUsage=clientAuth\n");
        Files.writeString(pki.resolve("tokens"), TOKEN + "\n");
        Files.setPosixFilePermissions(pki.resolve("tokens"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        daemon = PluginDaemon.start(daemonSide, List.of("plugin", "start", "manager", "group", "vanilla", "simulator",
                "--listen", "127.0.0.1:" + port, "--tls-cert", pki.resolve("daemon.pem").toString(),
                "--tls-key", pki.resolve("daemon-key.pem").toString(), "--tls-client-ca", pki.resolve("ca.pem").toString(),
                "--token-file", pki.resolve("tokens").toString()), "group", "simulator");
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
            daemonSide.delete();
            clientSide.delete();
        }
    }

    /** The CLI on the other host: its own home (no sockets), talking to the daemon over TCP. */
    private CliRun.Result remote(Map<String, String> extra, String... args) {
        Map<String, String> vars = new HashMap<>(Map.of("INFRAKIT_HOME", clientSide.home.toString(),
                "INFRAKIT_TLS_CA", pki.resolve("ca.pem").toString()));
        vars.putAll(extra);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new CliEnv(vars, a -> { }), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun.Result(code, out.toString(), err.toString());
    }

    @Test
    void tokenOrClientCertificateGetsInNothingElseDoes() throws IOException {
        String host = "tcp://127.0.0.1:" + port;
        Path spec = clientSide.home.resolve("i.yml");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, "Properties: {cpu: 1}\nTags: {tier: remote}\n");

        CliRun.Result provisioned = remote(Map.of("INFRAKIT_TOKEN", TOKEN),
                "--host", host, "instance", "provision", "--plugin", "simulator/compute", spec.toString());
        assertThat(provisioned.code()).as(provisioned.err()).isZero();

        CliRun.Result byCert = remote(Map.of("INFRAKIT_HOST", host,
                        "INFRAKIT_TLS_CERT", pki.resolve("operator.pem").toString(),
                        "INFRAKIT_TLS_KEY", pki.resolve("operator-key.pem").toString()),
                "instance", "describe", "--plugin", "simulator/compute", "--tag", "tier=remote");
        assertThat(byCert.code()).as(byCert.err()).isZero();
        assertThat(byCert.out()).contains("tier=remote");

        CliRun.Result wrongToken = remote(Map.of("INFRAKIT_TOKEN", "not-the-token-0123456789abcdef"),
                "--host", host, "instance", "describe", "--plugin", "simulator/compute");
        assertThat(wrongToken.code()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("refused our credentials");

        CliRun.Result none = remote(Map.of(), "--host", host, "instance", "describe", "--plugin", "simulator/compute");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("INFRAKIT_TOKEN");

        // Still exactly one instance: the refused calls reached nothing.
        CliRun.Result local = daemonSide.run("instance", "describe", "--plugin", "simulator/compute", "-o", "json");
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(local.out().split("\"tier\"", -1)).hasSize(2);

        // The manager's commands work remotely too: commit a group and see it.
        Path group = clientSide.home.resolve("g.yml");
        Files.writeString(group, """
                kind: group
                metadata: {name: remote-workers}
                properties:
                  Allocation: {Size: 2}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Instance: {Plugin: simulator/compute, Properties: {cpu: 1}}
                """);
        CliRun.Result applied = remote(Map.of("INFRAKIT_TOKEN", TOKEN), "--host", host, "apply", "-f", group.toString());
        assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CliRun.Result groups = remote(Map.of("INFRAKIT_TOKEN", TOKEN), "--host", host, "get", "groups");
            assertThat(groups.code()).as(groups.err()).isZero();
            assertThat(groups.out()).contains("remote-workers").contains("yes");
        });
        CliRun.Result refused = remote(Map.of("INFRAKIT_TOKEN", "not-the-token-0123456789abcdef"), "--host", host, "get", "groups");
        assertThat(refused.code()).isEqualTo(1);

        // The local way in stays private.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(daemonSide.plugins.resolve("simulator"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(daemonSide.plugins))).isEqualTo("rwx------");
    }

    /** The thin client (io.infrakit.client) run with {@code --host}: what it prints and its exit code. */
    private CliRun.Result thin(Map<String, String> extra, String... args) {
        Map<String, String> vars = new HashMap<>(Map.of("INFRAKIT_HOME", clientSide.home.toString(),
                "INFRAKIT_TLS_CA", pki.resolve("ca.pem").toString()));
        vars.putAll(extra);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new io.infrakit.client.ThinClient(vars, java.io.InputStream.nullInputStream(), out, err, false).run(args);
        return new CliRun.Result(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theThinClientRunsCommandsInTheRemoteDaemonWithTheTokenAndIsRefusedWithout() throws Exception {
        String host = "tcp://127.0.0.1:" + port;
        Map<String, String> token = Map.of("INFRAKIT_TOKEN", TOKEN);
        CliRun.Result set = remote(token, "--host", host, "vars", "set", "remote/thin", "over-tls");
        assertThat(set.code()).as(set.err()).isZero();
        // The same bytes and exit code as the full CLI's --host, --host anywhere or INFRAKIT_HOST.
        for (List<String> args : List.of(List.of("--host", host, "get", "groups"), List.of("get", "instances", "--host", host),
                List.of("--host=" + host, "vars", "get", "remote/thin"), List.of("--host", host, "vars", "ls", "-l"),
                List.of("--host", host, "vars", "get", "remote/none"), List.of("--host", host, "get", "nope"),
                List.of("--host", host, "get", "--help"))) {
            String[] a = args.toArray(String[]::new);
            CliRun.Result full = null;
            CliRun.Result thin = null;
            for (int attempt = 0; attempt < 3 && (thin == null || !thin.equals(full)); attempt++) {
                thin = thin(token, a); // (ages tick between two runs: a real difference differs every time)
                full = remote(token, a);
            }
            assertThat(thin.code()).as(args + ": " + thin.err()).isNotEqualTo(io.infrakit.client.ThinClient.NO_DAEMON);
            assertThat(thin).as(args.toString()).isEqualTo(full);
        }
        assertThat(thin(Map.of("INFRAKIT_HOST", host, "INFRAKIT_TOKEN", TOKEN), "vars", "get", "remote/thin"))
                .isEqualTo(new CliRun.Result(0, "over-tls\n", ""));
        // The daemon's paths, never the caller's: a caller's INFRAKIT_PLUGINS_DIR does not move the command.
        assertThat(thin(Map.of("INFRAKIT_TOKEN", TOKEN, "INFRAKIT_PLUGINS_DIR", "/nonexistent"), "--host", host, "vars", "get",
                "remote/thin").out()).isEqualTo("over-tls\n");

        // Without a token, or with a wrong one, the thin client writes nothing and leaves it to the full CLI (exit 200),
        // which is refused as before.
        CliRun.Result leftOver = new CliRun.Result(io.infrakit.client.ThinClient.NO_DAEMON, "", "");
        assertThat(thin(Map.of(), "--host", host, "get", "groups")).isEqualTo(leftOver);
        assertThat(thin(Map.of("INFRAKIT_TOKEN", "not-the-token-0123456789abcdef"), "--host", host, "get", "groups"))
                .isEqualTo(leftOver);
        assertThat(remote(Map.of("INFRAKIT_TOKEN", "not-the-token-0123456789abcdef"), "--host", host, "get", "groups").code())
                .isEqualTo(1);
        // The listener refuses /cli itself without credentials: nothing runs.
        assertThat(post("/cli", null).statusCode()).isEqualTo(401);
        assertThat(post("/cli", "not-the-token-0123456789abcdef").statusCode()).isEqualTo(401);
        // Commands that are the caller's own (templates read its environment, deploy keeps state in its home, status
        // describes the caller's side) stay in the full CLI.
        assertThat(thin(token, "--host", host, "plan", "-f", "nothing.yml")).isEqualTo(leftOver);
        assertThat(thin(token, "--host", host, "deploy", "-f", "nothing.yml", "--dry-run")).isEqualTo(leftOver);
        assertThat(thin(token, "status", "--host", host)).isEqualTo(leftOver);
    }

    /** An HTTPS POST of an empty body on the daemon's TCP listener, trusting the test CA; {@code token} may be null. */
    private java.net.http.HttpResponse<String> post(String path, String token) throws Exception {
        return send(path, token, true);
    }

    /** An HTTPS GET on the daemon's TCP listener, trusting the test CA; {@code token} may be null. */
    private java.net.http.HttpResponse<String> get(String path, String token) throws Exception {
        return send(path, token, false);
    }

    private java.net.http.HttpResponse<String> send(String path, String token, boolean post) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(pki.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls).build()) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (post) {
                request.POST(java.net.http.HttpRequest.BodyPublishers.noBody());
            }
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void metricsDashboardAndEventsOnTheListenerRefuseUnauthenticatedCallers() throws Exception {
        for (String path : List.of("/metrics", "/dashboard/", "/dashboard/api/groups", "/events?topic=group/")) {
            assertThat(get(path, null).statusCode()).as("GET " + path + " without credentials").isEqualTo(401);
            assertThat(get(path, "not-the-token-0123456789abcdef").statusCode()).as("GET " + path + " with a wrong token")
                    .isEqualTo(401);
        }
        var metrics = get("/metrics", TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_cpu_seconds_total");
        var page = get("/dashboard/", TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>InfraKit dashboard</title>");
        assertThat(get("/dashboard/api/groups", TOKEN).body()).isEqualTo("[]");
    }

    @Test
    void listenWithoutAWayToCheckCallersIsBadInput() throws IOException {
        CliRun other = new CliRun();
        try {
            CliRun.Result r = other.run("plugin", "start", "simulator", "--listen", "127.0.0.1:0",
                    "--tls-cert", pki.resolve("daemon.pem").toString(), "--tls-key", pki.resolve("daemon-key.pem").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--tls-client-ca").contains("--token-file");
        } finally {
            other.delete();
        }
    }
}
