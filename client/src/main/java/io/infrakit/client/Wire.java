package io.infrakit.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of a thin CLI call, inside the HTTP bodies of {@code POST /cli} on the manager's
 * socket: a type byte, a 4-byte big-endian length, the payload. Shared by the client and the daemon
 * (docs/cli.md, "The thin client").
 */
public final class Wire {

    /** The path the daemon serves thin calls on. */
    public static final String PATH = "/cli";

    /** Client to daemon: the call (strings: version, stdout-is-a-terminal, stdout and stderr charsets, argument count, arguments, env pairs). */
    public static final byte HELLO = 'H';
    /** Client to daemon: the answer to {@link #READ} (strings: "ok" then name/text pairs, or "problems" then messages). */
    public static final byte SOURCES = 'S';
    /** Client to daemon: Ctrl-C. */
    public static final byte CANCEL = 'C';
    /** Daemon to client: standard output bytes. */
    public static final byte OUT = 'O';
    /** Daemon to client: standard error bytes. */
    public static final byte ERR = 'E';
    /** Daemon to client: read these spec sources (file, folder or - for stdin) on your side. */
    public static final byte READ = 'R';
    /** Daemon to client: the exit code (4 bytes); the last frame. */
    public static final byte EXIT = 'X';

    public static final String VERSION = "1";

    /** The largest frame either side accepts: a folder of specs of up to 1 MiB each. */
    public static final int MAX_FRAME = 64 * 1024 * 1024;

    private Wire() {
    }

    /** One frame read. */
    public record Frame(byte type, byte[] payload) {
    }

    public static byte[] frame(byte type, byte[] payload, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(5 + length);
        b.put(type).putInt(length).put(payload, offset, length);
        return b.array();
    }

    public static byte[] frame(byte type, byte[] payload) {
        return frame(type, payload, 0, payload.length);
    }

    public static byte[] exit(int code) {
        return frame(EXIT, ByteBuffer.allocate(4).putInt(code).array());
    }

    /** The next frame, or null at the end of the stream. */
    public static Frame read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        byte[] payload = new byte[length];
        data.readFully(payload);
        return new Frame((byte) type, payload);
    }

    public static int exitCode(byte[] payload) throws IOException {
        if (payload.length != 4) {
            throw new EOFException("bad exit frame");
        }
        return ByteBuffer.wrap(payload).getInt();
    }

    public static byte[] strings(List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, values.size());
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            writeInt(out, b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    public static List<String> strings(byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(payload);
        try {
            int n = b.getInt();
            if (n < 0 || n > payload.length) {
                throw new IOException("bad string count " + n);
            }
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new IOException("bad string length " + len);
                }
                values.add(new String(payload, b.position(), len, StandardCharsets.UTF_8));
                b.position(b.position() + len);
            }
            return values;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("truncated strings");
        }
    }

    private static void writeInt(OutputStream out, int v) {
        try {
            out.write(new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
