package io.infrakit.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.group.PluginSpec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code infrakit.config.hash}, byte-compatible with InfraKit: each of the Instance and Flavor sections
 * is written as Go's {@code json.MarshalIndent(v, "  ", "  ")} of a generic map (keys sorted, numbers
 * as float64, {@code <>&} escaped), both fed to one SHA-1, base32-encoded, lower-cased, unpadded.
 * Matching InfraKit byte for byte is what lets us adopt instances it created without a rollout.
 */
public final class ConfigHash {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ConfigHash() {
    }

    public static String of(PluginSpec instance, PluginSpec flavor) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(stableFormat(instance).getBytes(StandardCharsets.UTF_8));
            sha1.update(stableFormat(flavor).getBytes(StandardCharsets.UTF_8));
            return base32(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /** The exact text InfraKit hashes for one section. */
    static String stableFormat(PluginSpec section) {
        StringBuilder out = new StringBuilder();
        out.append('{');
        // Go's struct has exactly these two members, already in sorted order.
        String plugin = section == null ? "" : (section.plugin() == null ? "" : section.plugin());
        JsonNode props = section == null ? null : section.properties();
        newline(out, 1);
        string(out, "Plugin");
        out.append(": ");
        string(out, plugin);
        out.append(',');
        newline(out, 1);
        string(out, "Properties");
        out.append(": ");
        value(out, props, 1);
        newline(out, 0);
        out.append('}');
        return out.toString();
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n').append("  "); // the prefix
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private static void value(StringBuilder out, JsonNode node, int depth) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            keys.sort(ConfigHash::compareUtf8); // Go sorts map keys by their bytes
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                newline(out, depth + 1);
                string(out, keys.get(i));
                out.append(": ");
                value(out, node.get(keys.get(i)), depth + 1);
            }
            newline(out, depth);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                newline(out, depth + 1);
                value(out, node.get(i), depth + 1);
            }
            newline(out, depth);
            out.append(']');
        } else if (node.isTextual()) {
            string(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNumber()) {
            out.append(goFloat(node.doubleValue()));
        } else {
            string(out, node.asText());
        }
    }

    /** Go's encoding of a float64 in JSON: shortest digits, exponent form below 1e-6 or from 1e21. */
    static String goFloat(double f) {
        if (Double.isNaN(f) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("JSON cannot hold " + f);
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        double abs = Math.abs(f);
        // Java 19+ Double.toString gives the shortest digits that round-trip, like Go's 'g' with -1.
        BigDecimal d = new BigDecimal(Double.toString(f)).stripTrailingZeros();
        if (abs < 1e-6 || abs >= 1e21) {
            String digits = d.unscaledValue().abs().toString();
            int exponent = digits.length() - 1 - d.scale();
            StringBuilder s = new StringBuilder();
            if (f < 0) {
                s.append('-');
            }
            s.append(digits.charAt(0));
            if (digits.length() > 1) {
                s.append('.').append(digits, 1, digits.length());
            }
            s.append('e').append(exponent < 0 ? '-' : '+');
            int e = Math.abs(exponent);
            // Go writes at least two exponent digits, then trims "e-07" to "e-7" (not "e+07").
            if (e < 10 && exponent > 0) {
                s.append('0');
            }
            s.append(e);
            return s.toString();
        }
        return d.toPlainString();
    }

    /** A JSON string as Go's encoder writes it with HTML escaping on. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static int compareUtf8(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    private static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
