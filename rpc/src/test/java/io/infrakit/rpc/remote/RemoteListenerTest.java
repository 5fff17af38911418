package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TCP+TLS remote access: who gets in and who does not. */
class RemoteListenerTest {
    private static final String TOKEN = "s3cret-token-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Path ca;
    static Path[] server;
    static Path[] client;
    static Path otherCa;
    static Path[] stranger;
    static RemoteListener listener;
    static URI base;
    static final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = new TestPki(dir);
        ca = pki.ca("infrakit-ca");
        server = pki.issue("infrakit-ca", "manager", "dns:localhost,ip:127.0.0.1", "serverAuth");
        client = pki.issue("infrakit-ca", "operator", null, "clientAuth");
        otherCa = pki.ca("other-ca");
        stranger = pki.issue("other-ca", "stranger", null, "clientAuth");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# operators\n" + TOKEN + "\n");
        Files.setPosixFilePermissions(tokens, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        RemoteEndpoint group = new RemoteEndpoint(body -> {
            calls.incrementAndGet();
            return ("{\"jsonrpc\":\"2.0\",\"result\":{\"echo\":" + new String(body, StandardCharsets.UTF_8) + "},\"id\":1}")
                    .getBytes(StandardCharsets.UTF_8);
        }, () -> "{\"Implements\":[{\"Name\":\"Group\",\"Version\":\"0.1.1\"}]}".getBytes(StandardCharsets.UTF_8));
        RemoteEndpoint other = new RemoteEndpoint(body -> "{\"jsonrpc\":\"2.0\",\"result\":\"other\",\"id\":1}"
                .getBytes(StandardCharsets.UTF_8), () -> "{}".getBytes(StandardCharsets.UTF_8));
        listener = new RemoteListener(new RemoteListenerSettings("127.0.0.1", 0, server[0], server[1], ca,
                BearerTokens.fromFile(tokens)), Map.of("group", group, "instance-simulator", other), "group").start();
        base = URI.create("https://127.0.0.1:" + listener.port());
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private static io.infrakit.rpc.client.UnixHttp.Answer post(RemoteTarget target, String plugin) throws Exception {
        try (RemoteHttpClient c = new RemoteHttpClient(target)) {
            return c.post(plugin, "{\"x\":1}".getBytes(StandardCharsets.UTF_8), TIMEOUT);
        }
    }

    @Test
    void validTokenIsLetIn() throws Exception {
        int before = calls.get();
        io.infrakit.rpc.client.UnixHttp.Answer a = post(new RemoteTarget(base, ca, null, null, TOKEN), "group");
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).contains("\"echo\":{\"x\":1}");
        assertThat(calls.get()).isEqualTo(before + 1);
        // Other plugins of the process by name.
        assertThat(new String(post(new RemoteTarget(base, ca, null, null, TOKEN), "instance-simulator").body(),
                StandardCharsets.UTF_8)).contains("\"other\"");
        try (RemoteHttpClient c = new RemoteHttpClient(new RemoteTarget(base, ca, null, null, TOKEN))) {
            assertThat(new String(c.get("group", "/info/api.json", TIMEOUT).body(), StandardCharsets.UTF_8)).contains("Group");
        }
    }

    @Test
    void clientCertificateSignedByTheCaIsLetIn() throws Exception {
        int before = calls.get();
        io.infrakit.rpc.client.UnixHttp.Answer a = post(new RemoteTarget(base, ca, client[0], client[1], null), "group");
        assertThat(a.status()).isEqualTo(200);
        assertThat(calls.get()).isEqualTo(before + 1);
    }

    @Test
    void wrongOrMissingTokenIsRefusedAndReachesNoPlugin() throws Exception {
        int before = calls.get();
        assertThatThrownBy(() -> post(new RemoteTarget(base, ca, null, null, "wrong-token-0123456789abcdef"), "group"))
                .isInstanceOf(PluginException.class).hasMessageContaining("401");
        // No credentials at all, with a raw client (RemoteTarget itself refuses to be built without any).
        var http = java.net.http.HttpClient.newBuilder().sslContext(trusting(ca)).build();
        var r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/group"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("-32001").contains("unauthorized");
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        int before = calls.get();
        assertThatThrownBy(() -> post(new RemoteTarget(base, ca, stranger[0], stranger[1], null), "group"))
                .isInstanceOfAny(ExecutionException.class, PluginException.class);
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void clientRefusesADaemonItCannotVerify() {
        // The client trusts another CA: it must not send its token to this daemon.
        assertThatThrownBy(() -> post(new RemoteTarget(base, otherCa, null, null, TOKEN), "group"))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void plainHttpGetsNoAnswer() throws Exception {
        int before = calls.get();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /group HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.UTF_8));
            byte[] answer = s.getInputStream().readNBytes(64);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("200");
        } catch (java.net.SocketException e) {
            // reset by the TLS layer: refused too
        }
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void aListenerWithoutAWayToCheckCallersDoesNotStart() {
        assertThatThrownBy(() -> new RemoteListenerSettings("127.0.0.1", 0, server[0], server[1], null, BearerTokens.none()))
                .hasMessageContaining("--tls-client-ca").hasMessageContaining("--token-file");
        assertThatThrownBy(() -> new RemoteListenerSettings("127.0.0.1", 0, null, null, ca, BearerTokens.none()))
                .hasMessageContaining("--tls-cert");
        assertThatThrownBy(() -> BearerTokens.of(List.of("short"))).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new RemoteTarget(base, ca, null, null, null)).hasMessageContaining("INFRAKIT_TOKEN");
        assertThatThrownBy(() -> PemFiles.privateKey(server[0], "key")).hasMessageContaining("'key'")
                .hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void hostOptionForms() {
        assertThat(RemoteTarget.parseHost("tcp://10.0.0.5:9000")).isEqualTo(URI.create("https://10.0.0.5:9000"));
        assertThat(RemoteTarget.parseHost("manager.example")).isEqualTo(URI.create("https://manager.example:24864"));
        assertThat(RemoteTarget.parseHost("https://h:1/")).isEqualTo(URI.create("https://h:1"));
        assertThatThrownBy(() -> RemoteTarget.parseHost("http://h:1")).hasMessageContaining("tcp://HOST:PORT");
        assertThat(RemoteTarget.resolve(null, Map.of())).isNull();
        RemoteTarget t = RemoteTarget.resolve(null, Map.of("INFRAKIT_HOST", "tcp://127.0.0.1:5", "INFRAKIT_TOKEN", TOKEN));
        assertThat(t.base()).isEqualTo(URI.create("https://127.0.0.1:5"));
        assertThat(t.toString()).doesNotContain(TOKEN);
    }

    private static javax.net.ssl.SSLContext trusting(Path caFile) throws Exception {
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(PemFiles.trustStore(caFile));
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
