package io.infrakit.rpc.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a unix socket (java.nio only), so that server tests do not depend on our
 * client, and stubs can answer exactly as InfraKit does.
 */
public final class RawHttp {

    public record Message(String startLine, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** POSTs {@code body} to {@code /} on a fresh connection and reads the answer. */
    public static Message post(Path socket, byte[] body) throws IOException {
        String head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        return exchange(socket, head.getBytes(StandardCharsets.US_ASCII), body);
    }

    public static Message post(Path socket, String body) throws IOException {
        return post(socket, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Message get(Path socket, String path) throws IOException {
        return exchange(socket, ("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    /** Sends head + body (body written from another thread: the server may answer before reading it all). */
    public static Message exchange(Path socket, byte[] head, byte[] body) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(head);
                    out.write(body);
                    out.flush();
                } catch (IOException ignored) {
                    // the server may close early (oversized body): the answer is what counts
                }
            });
            Message answer = read(Channels.newInputStream(channel), false);
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        }
    }

    /** Reads one HTTP message (request or response) with a Content-Length, chunked, or up to EOF body. */
    public static Message read(InputStream in, boolean isRequest) throws IOException {
        String start = line(in);
        if (start == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (!isRequest) {
            body.write(in.readAllBytes());
        }
        return new Message(start, headers, body.toByteArray());
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
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
