package io.infrakit.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HAProxy's Runtime API: one command per connection on a unix socket (the admin {@code stats socket},
 * or the master CLI), answered in text, the connection then closed by HAProxy. No state kept here.
 */
final class RuntimeApi {

    private final Path socket;
    private final Duration timeout;

    RuntimeApi(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    Path socket() {
        return socket;
    }

    /** Sends one command and returns HAProxy's whole answer, trimmed. */
    String send(String command) throws IOException {
        if (command.indexOf('\n') >= 0 || command.indexOf(';') >= 0) {
            // One command per call: a newline or ';' would smuggle a second one in (IDs come from users).
            throw new IllegalArgumentException("refused to send a Runtime API command with a newline or ';': " + command);
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // A blocked read has no timeout on a channel: a watchdog closes it instead.
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeout);
                    ch.close();
                } catch (InterruptedException | IOException ignored) {
                    // finished in time, or already closed
                }
            });
            try {
                ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    out.write(buf.array(), 0, buf.limit());
                    buf.clear();
                }
                return out.toString(StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                if (!ch.isOpen() && !watchdog.isAlive()) {
                    throw new IOException("HAProxy did not answer '" + command + "' on " + socket + " within " + timeout.toMillis() + " ms");
                }
                throw e;
            } finally {
                watchdog.interrupt();
            }
        }
    }

    /** True when something answers on the socket. */
    boolean answers() {
        try {
            send("show info");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
