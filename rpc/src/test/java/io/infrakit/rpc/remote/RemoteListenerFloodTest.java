package io.infrakit.rpc.remote;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of unauthenticated half-open connections (TCP connected, one TLS byte, nothing more) from
 * many addresses, more than the listener's total cap: an authorised call is served during it and
 * after, and the process's open file descriptors return to their baseline within 30 s once the
 * attackers go. cli's {@code ListenFloodTest} runs 20,000 against a daemon, from attacker processes.
 */
class RemoteListenerFloodTest {

    static final String TOKEN = "flood-token-0123456789abcdef0123";
    static final int CONNECTIONS = 2_000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Path ca;
    static RemoteListener listener;

    @BeforeAll
    static void start() throws Exception {
        TokenListener started = TokenListener.start(dir, TOKEN);
        listener = started.listener();
        ca = started.ca();
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static int authorisedCall() throws Exception {
        try (RemoteHttpClient c = new RemoteHttpClient(new RemoteTarget(URI.create("https://127.0.0.1:" + listener.port()), ca,
                null, null, TOKEN))) {
            return c.post("group", "{}".getBytes(StandardCharsets.UTF_8), TIMEOUT).status();
        }
    }

    @Test
    void aFloodBeyondTheCapLeavesCallsServedAndFileDescriptorsBackAtBaseline() throws Exception {
        // Under this process's limit (the JVM raises it to the hard one) the fd budget leaves the listener its full cap.
        assertThat(listener.maxConnections()).isEqualTo(FdBudget.ofThisProcess().connections(RemoteListener.MAX_CONNECTIONS));
        assertThat(authorisedCall()).isEqualTo(200); // warm: the client's and server's lazy resources exist before the baseline
        System.gc();
        long baseline = openFds();
        List<Socket> sockets = new ArrayList<>(CONNECTIONS);
        int refused = 0;
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                // 40 connections per address from 50 addresses: under the per-address cap, over the total one.
                InetAddress from = InetAddress.getByAddress(new byte[]{127, 3, (byte) (i / 40), 2});
                Socket s = new Socket();
                try {
                    s.bind(new InetSocketAddress(from, 0));
                    s.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
                    s.getOutputStream().write(0x16);
                } catch (IOException e) {
                    refused++; // a full accept queue or an early close: also a refusal
                }
                sockets.add(s);
            }
            // The listener holds at most its cap of them: the process has ours plus that, plus some slack for the
            // JVM's own (selectors, class files); without the cap it would hold all of them, twice CONNECTIONS.
            assertThat(openFds() - baseline).isLessThanOrEqualTo(CONNECTIONS + RemoteListener.MAX_CONNECTIONS + 256);
            // With every slot held by a half-open connection, a new caller waits at most until the handshake timeout
            // frees slots (CI saw the first try refused under load): the flood delays calls, it cannot starve them.
            await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> authorisedCall() == 200);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> openFds() <= baseline + 16);
        // Every admitted connection was released once: a leak here would shrink the cap for good.
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.openConnections() == 0);
        assertThat(authorisedCall()).isEqualTo(200);
        assertThat(refused).isLessThan(CONNECTIONS);
    }
}
