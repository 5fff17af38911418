package io.infrakit.rpc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A hand-written HTTP server on a unix socket that answers like InfraKit's Go plugins
 * (text/plain, optionally chunked) and records every request, for client tests.
 */
public final class StubPlugin implements AutoCloseable {

    /** How to answer one request: the raw bytes after the status line and headers are built. */
    public record Reply(int status, String contentType, byte[] body, boolean chunked, long delayMillis) {
        public static Reply infrakit(String json) {
            return new Reply(200, "text/plain; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), false, 0);
        }

        /** Reads the request, then closes the connection without answering (a plugin that crashed mid-call). */
        public static Reply hangUp() {
            return new Reply(-1, null, new byte[0], false, 0);
        }

        public static Reply infrakitChunked(String json) {
            return new Reply(200, "text/plain; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), true, 0);
        }
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final List<RawHttp.Message> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private volatile Function<RawHttp.Message, Reply> answer;

    public StubPlugin(Path socket, Function<RawHttp.Message, Reply> answer) throws IOException {
        this(socket, answer, 0, 0);
    }

    /** With a listen backlog (0 = system default) and a delay before accepting the first connection. */
    public StubPlugin(Path socket, Function<RawHttp.Message, Reply> answer, int backlog, long acceptDelayMillis) throws IOException {
        this.socket = socket;
        this.answer = answer;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), backlog);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(acceptDelayMillis);
            } catch (InterruptedException e) {
                return;
            }
            acceptLoop();
        });
    }

    public List<RawHttp.Message> requests() {
        return requests;
    }

    public void answer(Function<RawHttp.Message, Reply> newAnswer) {
        this.answer = newAnswer;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                connections.add(c);
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = Channels.newOutputStream(channel);
            RawHttp.Message request;
            while ((request = RawHttp.read(in, true)) != null) {
                requests.add(request);
                Reply reply = answer.apply(request);
                if (reply.status() < 0) {
                    return;
                }
                if (reply.delayMillis() > 0) {
                    Thread.sleep(reply.delayMillis());
                }
                StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " OK\r\n");
                head.append("Date: Sun, 22 Nov 2026 01:12:54 GMT\r\n");
                if (reply.chunked()) {
                    head.append("Content-Type: ").append(reply.contentType()).append("\r\nTransfer-Encoding: chunked\r\n\r\n");
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    byte[] b = reply.body();
                    for (int off = 0; off < b.length; off += 100) {
                        int n = Math.min(100, b.length - off);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(b, off, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    head.append("Content-Length: ").append(reply.body().length).append("\r\n");
                    if (reply.contentType() != null) {
                        head.append("Content-Type: ").append(reply.contentType()).append("\r\n");
                    }
                    head.append("\r\n");
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    out.write(reply.body());
                }
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // connection ends
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : connections) {
            c.close();
        }
        Files.deleteIfExists(socket);
    }
}
