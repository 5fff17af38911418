package io.infrakit.spi.plugin;

import io.infrakit.spi.GoDuration;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Reads a plugin kind's {@code --opt KIND.KEY=VALUE} options, one typed value at a time, and refuses
 * a bad value with the same words for every kind: the kind, the option, the value and how to write it.
 * A missing option gives the default.
 *
 * @param kind             the kind's name, as typed in {@code --opt KIND.KEY} (used in messages)
 * @param options          the options given, by key
 * @param durationExamples how this kind's durations look, e.g. {@code "500ms, 30s or 2m"}
 * @param positiveExample  a duration above zero offered when one is zero or negative, e.g. {@code "30s"}
 */
public record OptionValues(String kind, Map<String, String> options, String durationExamples, String positiveExample) {

    /** For a kind with no duration options of its own, or content with the usual examples. */
    public OptionValues(String kind, Map<String, String> options) {
        this(kind, options, "500ms, 30s or 5m", "30s");
    }

    /** The error for an option key the kind does not know, listing the keys it does. */
    public static IllegalArgumentException unknown(String kind, String key, Collection<String> known) {
        return new IllegalArgumentException("unknown " + kind + " option '" + key + "'; known options: "
                + String.join(", ", known) + ", given as --opt " + kind + ".KEY=VALUE");
    }

    /** Refuses the first given key that is not in {@code known}. */
    public void refuseUnknown(Collection<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw unknown(kind, key, known);
            }
        }
    }

    /** A duration above zero, written the Go way (90s, 5m, 1h30m). */
    public Duration duration(String key, Duration dflt) {
        String v = options.get(key);
        if (v == null) {
            return dflt;
        }
        Duration d;
        try {
            d = GoDuration.parse(v);
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "is not a duration; write it like " + durationExamples);
        }
        if (d.isZero() || d.isNegative()) {
            throw bad(key, v, "must be more than 0, e.g. " + positiveExample);
        }
        return d;
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public int integer(String key, int dflt, int min, int max) {
        String v = options.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the range
        }
        throw bad(key, v, "must be a whole number from " + min + " to " + max);
    }

    /** {@code true} or {@code false}, nothing else (a typo must not silently mean false). */
    public boolean bool(String key, boolean dflt) {
        String v = options.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, v, "is not a boolean; use true or false");
        };
    }

    private IllegalArgumentException bad(String key, String value, String why) {
        return new IllegalArgumentException(kind + " option " + key + "='" + value + "' " + why);
    }
}
