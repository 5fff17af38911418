package io.infrakit.rpc.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/1.1 over a unix socket with java.nio only: one connection per call ({@code Connection: close}),
 * Content-Length, chunked or read-to-end answers. Loads a handful of classes, so a CLI command
 * answers in a fraction of the time Jetty's client needs to start.
 */
public final class SimpleUnixHttp implements UnixHttp {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    @Override
    public Answer post(Path socket, byte[] body, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        String head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        return exchange(socket, head.getBytes(StandardCharsets.US_ASCII), body, timeout);
    }

    @Override
    public Answer get(Path socket, String path, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
        return exchange(socket, head.getBytes(StandardCharsets.US_ASCII), new byte[0], timeout);
    }

    private Answer exchange(Path socket, byte[] head, byte[] body, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        AtomicReference<SocketChannel> current = new AtomicReference<>();
        AtomicReference<Object> outcome = new AtomicReference<>();
        // Blocking channel streams ignore timeouts: do the call on a virtual thread and close the
        // channel if it overruns, which unblocks it.
        Thread call = Thread.ofVirtual().name("infrakit-rpc-call").start(() -> {
            try (SocketChannel channel = connect(socket, current)) {
                OutputStream out = Channels.newOutputStream(channel);
                out.write(head);
                out.write(body);
                out.flush();
                outcome.set(read(Channels.newInputStream(channel)));
            } catch (IOException | RuntimeException e) {
                outcome.set(e);
            }
        });
        if (!call.join(timeout)) {
            SocketChannel channel = current.get();
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing to unblock the call
                }
            }
            call.interrupt();
            call.join(1_000);
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
        Object result = outcome.get();
        if (result instanceof Answer answer) {
            return answer;
        }
        throw new ExecutionException((Throwable) result);
    }

    /**
     * Connects a new channel. Unix sockets answer EAGAIN when the server's accept queue is full
     * (and a failed connect closes the channel): wait a little and retry with a fresh one.
     */
    private static SocketChannel connect(Path socket, AtomicReference<SocketChannel> current) throws IOException {
        for (int attempt = 0; ; attempt++) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            current.set(channel);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                SocketOwner.checkPeer(channel, socket);
                return channel;
            } catch (SocketOwner.ForeignSocketException e) {
                channel.close();
                throw e;
            } catch (java.net.SocketException e) {
                channel.close();
                if (attempt >= 50 || !String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(100, 5L * (attempt + 1)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Answer read(InputStream raw) throws IOException {
        InputStream in = new java.io.BufferedInputStream(raw);
        String status = line(in);
        if (status == null) {
            throw new EOFException("connection closed before an answer");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        String contentType = null;
        long length = -1;
        boolean chunked = false;
        int headerBytes = 0;
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("answer headers over " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value;
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                default -> {
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new EOFException("connection closed inside a chunked answer");
                }
                int semicolon = size.indexOf(';');
                long n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while ((h = line(in)) != null && !h.isEmpty()) {
                        // trailers: ignored
                    }
                    break;
                }
                copy(in, body, n);
                line(in);
            }
        } else if (length >= 0) {
            copy(in, body, length);
        } else {
            in.transferTo(limited(body));
        }
        return new Answer(code, contentType, body.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        if (out.size() + n > UnixHttpClient.MAX_ANSWER_BYTES) {
            throw new IOException("answer over " + UnixHttpClient.MAX_ANSWER_BYTES + " bytes");
        }
        byte[] bytes = in.readNBytes((int) n);
        if (bytes.length < n) {
            throw new EOFException("connection closed after " + bytes.length + " of " + n + " bytes");
        }
        out.write(bytes);
    }

    private static OutputStream limited(ByteArrayOutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (out.size() + len > UnixHttpClient.MAX_ANSWER_BYTES) {
                    throw new IOException("answer over " + UnixHttpClient.MAX_ANSWER_BYTES + " bytes");
                }
                out.write(b, off, len);
            }
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() > MAX_HEADER_BYTES) {
                throw new IOException("answer line over " + MAX_HEADER_BYTES + " bytes");
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
