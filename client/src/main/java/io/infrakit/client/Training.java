package io.infrakit.client;

import java.io.ByteArrayOutputStream;
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
import java.util.Map;

/**
 * The training run of the thin client's AOT cache ({@code bin/infrakit} records it with
 * {@code -XX:AOTCacheOutput}): the client's whole path, several times, against a stand-in daemon in
 * this process that answers like the real one (a table of 1,000 rows, a spec file read on the
 * client's side, an error line, the exit code). Not a test and not a daemon: nothing else uses it.
 */
public final class Training {

    private Training() {
    }

    public static void main(String[] args) throws Exception {
        // Before anything here asks for a random (the temporary folder's name, the stand-in daemon's socket): the
        // client's provider goes first, as in ThinClient.connect, so the cache holds the classes a real run loads.
        UrandomProvider.installFirst();
        Path dir = Files.createTempDirectory("infrakit-client-training");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path spec = Files.writeString(dir.resolve("spec.yml"), "kind: group\nmetadata:\n  name: training\n");
        Path socket = plugins.resolve(ThinClient.SOCKET);
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.setProperty("infrakit.tty", "0"); // as bin/infrakit passes it

        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread daemon = Thread.ofPlatform().daemon().start(() -> answer(server, spec));
            Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("INFRAKIT_PLUGINS_DIR", plugins.toString());
            env.remove("INFRAKIT_HOST");
            for (int i = 0; i < rounds; i++) {
                // The path main takes, but for its exit.
                int code = ThinClient.launch(env, new String[]{"get", "instances"}, InputStream.nullInputStream(),
                        OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                if (code != 3) {
                    throw new IllegalStateException("training run ended with " + code);
                }
            }
            daemon.interrupt();
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(spec);
            Files.deleteIfExists(plugins);
            Files.deleteIfExists(dir);
        }
        System.out.println("thin client trained");
    }

    /** The stand-in daemon: one call per connection, answered in chunks as the real one. */
    private static void answer(ServerSocketChannel server, Path spec) {
        while (true) {
            if (!server.isOpen()) {
                return;
            }
            try (SocketChannel c = server.accept()) {
                InputStream in = Channels.newInputStream(c);
                OutputStream out = Channels.newOutputStream(c);
                String head = readHead(in);
                if (!head.startsWith("POST " + Wire.PATH)) {
                    continue;
                }
                readLine(in); // first chunk's size
                Wire.Frame hello = Wire.read(in);
                Wire.strings(hello.payload());
                readLine(in); // the chunk's CRLF
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                StringBuilder table = new StringBuilder("GROUP    ID                   LOGICAL ID  STATUS   HEALTH   AGE  CONFIG\n");
                for (int i = 0; i < 1000; i++) {
                    table.append("workers  ").append(1795932701331769489L + i).append("  -           Running  Healthy  49s  rcgxl533\n");
                }
                byte[] rows = table.toString().getBytes(StandardCharsets.UTF_8);
                for (int off = 0; off < rows.length; off += 8192) {
                    chunk(out, Wire.frame(Wire.OUT, rows, off, Math.min(8192, rows.length - off)));
                }
                chunk(out, Wire.frame(Wire.READ, Wire.strings(List.of(spec.toString(), spec.getParent().toString()))));
                readLine(in);
                Wire.Frame sources = Wire.read(in);
                Wire.strings(sources.payload());
                readLine(in);
                chunk(out, Wire.frame(Wire.ERR, "error: training\n".getBytes(StandardCharsets.UTF_8)));
                chunk(out, Wire.exit(3));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readAllBytes(); // until the client ends its request and closes
            } catch (IOException e) {
                // this call went wrong (the client will say so); the next one may not
            }
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            head.writeBytes((line + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("end of stream");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }
}
