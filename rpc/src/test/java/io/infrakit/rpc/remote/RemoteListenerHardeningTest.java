package io.infrakit.rpc.remote;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Half-open connections to the TCP listener (TCP connected, TLS never finished, a byte now and
 * then): beyond the per-address cap they are closed at once, the others when the handshake
 * timeout passes, and an authorised caller from another address is served all along.
 */
class RemoteListenerHardeningTest {

    static final String TOKEN = "hardening-token-0123456789abcdef";
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

    @Test
    void halfOpenConnectionsAreCappedAndDroppedWhileAnAuthorisedCallSucceeds() throws Exception {
        int attackers = RemoteListener.MAX_PER_ADDRESS + 36;
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        List<Socket> sockets = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < attackers; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(attacker, 0));
                s.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
                s.getOutputStream().write(0x16); // the first byte of a TLS record, and nothing more
                s.setSoTimeout(5);
                sockets.add(s);
            }
            // Beyond the per-address cap: closed by the listener at once.
            await().atMost(Duration.ofSeconds(3)).until(() -> sockets.stream().filter(RemoteListenerHardeningTest::closedByPeer).count()
                    >= attackers - RemoteListener.MAX_PER_ADDRESS);

            // An authorised caller (another address) is served during the attack.
            try (RemoteHttpClient c = new RemoteHttpClient(new RemoteTarget(URI.create("https://127.0.0.1:" + listener.port()), ca,
                    null, null, TOKEN))) {
                assertThat(c.post("group", "{}".getBytes(StandardCharsets.UTF_8), TIMEOUT).status()).isEqualTo(200);
            }

            // The rest are dropped once the handshake timeout passes, although they keep trickling.
            await().atMost(RemoteListener.HANDSHAKE_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
                for (Socket s : sockets) {
                    try {
                        s.getOutputStream().write(0x03);
                    } catch (IOException e) {
                        // closed: as it should be
                    }
                }
                return sockets.stream().allMatch(RemoteListenerHardeningTest::closedByPeer);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(RemoteListener.HANDSHAKE_TIMEOUT.plusSeconds(8));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** True once the listener has closed its end (a read sees end of stream or a reset). */
    private static boolean closedByPeer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
