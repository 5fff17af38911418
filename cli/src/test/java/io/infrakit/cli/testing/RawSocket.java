package io.infrakit.cli.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What {@code curl -X POST --unix-socket PATH http://h/ -d BODY} does, with java.nio only. */
public final class RawSocket {
    private RawSocket() {
    }

    /** Returns the answer body (Content-Length or chunked). */
    public static String post(Path socket, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String head = "POST / HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/8\r\nAccept: */*\r\nContent-Length: " + bytes.length
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n";
            var out = Channels.newOutputStream(ch);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = Channels.newInputStream(ch);
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("unexpected status " + status);
            }
            int length = -1;
            boolean chunked = false;
            String h;
            while (!(h = line(in)).isEmpty()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body2 = new ByteArrayOutputStream();
            if (chunked) {
                int n;
                while ((n = Integer.parseInt(line(in).trim(), 16)) > 0) {
                    body2.write(in.readNBytes(n));
                    line(in);
                }
            } else {
                body2.write(in.readNBytes(length));
            }
            return body2.toString(StandardCharsets.UTF_8);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
