package io.infrakit.cli;

import java.time.Duration;
import java.time.Instant;

/** Relative ages for tables, as kubectl shows them: {@code 12s}, {@code 3m}, {@code 5h}, {@code 2d}. */
final class Ages {
    private Ages() {
    }

    static String since(Instant then, Instant now) {
        if (then == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 120 * 60) {
            return (s / 60) + "m";
        }
        if (s < 48 * 3600) {
            return (s / 3600) + "h";
        }
        return (s / 86400) + "d";
    }
}
