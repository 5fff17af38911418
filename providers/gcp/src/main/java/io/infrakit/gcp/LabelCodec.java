package io.infrakit.gcp;

import io.infrakit.spi.PluginException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our tags as Compute Engine labels, and back. Labels allow only lower-case letters, digits,
 * {@code _} and {@code -}, at most 63 characters, and a key must start with a lower-case letter;
 * InfraKit's tags ({@code infrakit.group}, {@code infrakit.config.hash}) have dots, and users' tags
 * capitals. The mapping, the same for keys and values:
 * <ul>
 *   <li>{@code a-z}, {@code 0-9} and {@code -} stay as they are;</li>
 *   <li>every other character becomes {@code _} and two lower-case hex digits per UTF-8 byte:
 *       {@code .} is {@code _2e}, {@code _} is {@code _5f}, {@code A} is {@code _41};</li>
 *   <li>a key that would not start with a lower-case letter gets the prefix {@code k__} (which no
 *       encoding produces otherwise: an encoded {@code _} is always followed by hex digits).</li>
 * </ul>
 * So {@code infrakit.group} is {@code infrakit_2egroup}, {@code Name} is {@code k___4eame}.
 * Decoding reverses it exactly; a label that is no encoding of ours (written by someone else,
 * e.g. {@code k_x}) is shown as it is.
 */
public final class LabelCodec {

    static final int MAX = 63;
    private static final String KEY_PREFIX = "k__";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LabelCodec() {
    }

    static String encodeValue(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                out.append(c);
            } else {
                out.append('_').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    static String encodeKey(String key) {
        String e = encodeValue(key);
        return !e.isEmpty() && e.charAt(0) >= 'a' && e.charAt(0) <= 'z' ? e : KEY_PREFIX + e;
    }

    static String decodeKey(String label) {
        return decodeValue(label.startsWith(KEY_PREFIX) ? label.substring(KEY_PREFIX.length()) : label);
    }

    static String decodeValue(String label) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '_' && i + 2 < label.length() && hex(label.charAt(i + 1)) >= 0 && hex(label.charAt(i + 2)) >= 0) {
                out.write(hex(label.charAt(i + 1)) * 16 + hex(label.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** Tags as labels; a tag too long once encoded is refused naming it ({@code what} says where it came from). */
    static Map<String, String> encode(Map<String, String> tags, String what) {
        Map<String, String> out = new TreeMap<>();
        tags.forEach((k, v) -> {
            String key = encodeKey(k);
            String value = encodeValue(v == null ? "" : v);
            if (key.length() > MAX) {
                throw new PluginException("gcp: " + what + " key '" + k + "' is " + key.length() + " characters as a label key ('" + key
                        + "'); Compute Engine allows " + MAX + ": shorten it (capitals and dots take 3 characters each)");
            }
            if (value.length() > MAX) {
                throw new PluginException("gcp: " + what + " '" + k + "' has a value of " + value.length() + " characters as a label ('" + value
                        + "'); Compute Engine allows " + MAX + ": shorten it (capitals, dots and spaces take 3 characters each)");
            }
            out.put(key, value);
        });
        return out;
    }

    /** Labels as tags. */
    static Map<String, String> decode(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> out.put(decodeKey(k), decodeValue(v)));
        return out;
    }
}
