package io.infrakit.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few bytes of the tar format (POSIX ustar) the Engine's archive API needs: one regular file
 * packed, and the first file of an archive unpacked (PAX extended headers skipped), pure.
 */
final class Tar {

    private static final int BLOCK = 512;

    private Tar() {
    }

    /** An archive holding one regular file {@code name} (no folder part) with mode 0644, owned by root. */
    static byte[] single(String name, byte[] content) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0 || n.length > 100 || name.contains("/")) {
            throw new IllegalArgumentException("file name '" + name + "' must have 1 to 100 bytes and no '/'");
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, content.length);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        h[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK * 3 + content.length);
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
        out.writeBytes(new byte[BLOCK * 2]); // end of archive
        return out.toByteArray();
    }

    /** What {@link #first} found: a regular file's bytes, or what else the entry is. */
    record Entry(char type, byte[] content, String linkTarget) {
        boolean regular() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    /** The first entry that is not an extended header; its content only for a regular file of at most {@code max} bytes. */
    static Entry first(InputStream in, long max) throws IOException {
        while (true) {
            byte[] h = in.readNBytes(BLOCK);
            if (h.length < BLOCK || h[0] == 0) {
                throw new IOException("the archive holds no file");
            }
            char type = (char) h[156];
            long size = parseOctal(h, 124, 12);
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') { // metadata of the next entry: skip it
                in.skipNBytes(size + (BLOCK - size % BLOCK) % BLOCK);
                continue;
            }
            if (type != '0' && type != '\0' && type != '7') {
                return new Entry(type, new byte[0], text(h, 157, 100));
            }
            if (size > max) {
                return new Entry('>', new byte[0], Long.toString(size));
            }
            byte[] content = in.readNBytes((int) size);
            if (content.length < size) {
                throw new IOException("the archive ends inside its file");
            }
            return new Entry(type, content, null);
        }
    }

    private static void octal(byte[] h, int at, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, Math.min(b.length, len - 1));
        h[at + len - 1] = 0;
    }

    private static long parseOctal(byte[] h, int at, int len) {
        long v = 0;
        for (int i = at; i < at + len; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (v > 0) {
                    break;
                }
                continue;
            }
            v = v * 8 + (b - '0');
        }
        return v;
    }

    private static String text(byte[] h, int at, int len) {
        int end = at;
        while (end < at + len && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }
}
