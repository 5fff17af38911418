package io.infrakit.spi;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for mistyped names: the known name nearest to what was typed. Every part of
 * InfraKit that rejects a name (commands, options, spec fields, plugin properties) asks here, so
 * a typo is forgiven the same way everywhere; each caller only decides how far off is too far.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The known name nearest to {@code typed} (case ignored), when it is at most {@code maxDistance}
     * edits away; ties go to the alphabetically first name, so the hint does not depend on the
     * iteration order of {@code known}.
     */
    public static Optional<String> closest(String typed, Collection<String> known, int maxDistance) {
        if (typed == null || typed.isEmpty()) {
            return Optional.empty();
        }
        String t = typed.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> distance(t, k.toLowerCase(Locale.ROOT)) <= maxDistance)
                .min(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k));
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions, and a swap of two
     * neighbours counted as one edit because it is the commonest typo ("destory").
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
