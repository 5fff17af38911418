package io.infrakit.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.Closeable;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The least of HTTP/1.1 a thin call needs, over a connection: one {@code POST} whose body is sent
 * in chunks as the call goes on, and the chunked answer read as it comes. Reads and writes use
 * separate channels (a unix socket's own, or a TLS socket's two streams), so Ctrl-C can write while
 * the main thread waits in a read.
 */
final class HttpStream implements AutoCloseable {

    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final Closeable connection;
    private final String extraHeaders;
    private final ReentrantLock writing = new ReentrantLock();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    private boolean ended;

    /** Over a connected unix socket. */
    HttpStream(SocketChannel channel) {
        this(channel, channel, channel, "");
    }

    /** @param extraHeaders header lines, each ending in CRLF (a bearer token over TCP) */
    HttpStream(ReadableByteChannel in, WritableByteChannel out, Closeable connection, String extraHeaders) {
        this.in = in;
        this.out = out;
        this.connection = connection;
        this.extraHeaders = extraHeaders;
    }

    /** Sends the request head and the first chunk together (one write). */
    void start(String path, byte[] first) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: infrakit\r\nContent-Type: application/octet-stream\r\n"
                + "Transfer-Encoding: chunked\r\n" + extraHeaders + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] c = chunk(first);
        ByteBuffer all = ByteBuffer.allocate(h.length + c.length).put(h).put(c).flip();
        write(all);
    }

    /** Sends one chunk of the request body. */
    void send(byte[] data) throws IOException {
        write(ByteBuffer.wrap(chunk(data)));
    }

    /** Ends the request body. */
    void end() throws IOException {
        writing.lock();
        try {
            if (!ended) {
                ended = true;
                writeAll(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
        } finally {
            writing.unlock();
        }
    }

    private void write(ByteBuffer b) throws IOException {
        writing.lock();
        try {
            if (ended) {
                throw new IOException("request already ended");
            }
            writeAll(b);
        } finally {
            writing.unlock();
        }
    }

    private void writeAll(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static byte[] chunk(byte[] data) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] c = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, c, 0, size.length);
        System.arraycopy(data, 0, c, size.length, data.length);
        c[c.length - 2] = '\r';
        c[c.length - 1] = '\n';
        return c;
    }

    /** The answer's status code; the headers are read and checked for chunked encoding. */
    int status() throws IOException {
        String line = line();
        if (!line.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + line);
        }
        int status = Integer.parseInt(line.substring(9, 12));
        chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? h : h.substring(0, colon).trim();
            String value = colon < 0 ? "" : h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                remaining = Long.parseLong(value);
            }
        }
        return status;
    }

    private boolean chunked;
    private long remaining = -1;

    /** The answer's body, de-chunked. */
    InputStream body() {
        return new InputStream() {
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (done) {
                    return -1;
                }
                if (remaining == 0 && chunked) {
                    line(); // the CRLF after a chunk (none before the first)
                    remaining = -1;
                }
                if (remaining <= 0) {
                    if (!chunked) {
                        if (remaining == 0) {
                            done = true;
                            return -1;
                        }
                    } else {
                        String size = line();
                        int semi = size.indexOf(';');
                        remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                        if (remaining == 0) {
                            done = true;
                            return -1;
                        }
                    }
                }
                if (!fill()) {
                    done = true;
                    return -1;
                }
                int n = (int) Math.min(len, Math.min(buffer.remaining(), remaining < 0 ? Long.MAX_VALUE : remaining));
                buffer.get(b, off, n);
                if (remaining > 0) {
                    remaining -= n;
                }
                return n;
            }
        };
    }

    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        buffer.clear();
        int n = in.read(buffer);
        buffer.flip();
        return n > 0;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            if (!fill()) {
                throw new IOException("the daemon closed the connection");
            }
            byte c = buffer.get();
            if (c == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
            }
            s.append((char) c);
        }
    }


    @Override
    public void close() throws IOException {
        connection.close();
    }
}
