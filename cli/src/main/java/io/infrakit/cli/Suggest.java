package io.infrakit.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Did you mean" for mistyped words: the closest known word by edit distance (a swap of two
 * neighbours counts as one edit, the commonest typo), or a synonym people coming from kubectl
 * or terraform type by reflex.
 */
public final class Suggest {

    /** Words users type for our commands. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("delete", "destroy"), Map.entry("rm", "destroy"), Map.entry("remove", "destroy"),
            Map.entry("list", "get"), Map.entry("ls", "get"), Map.entry("show", "describe"),
            Map.entry("inspect", "describe"), Map.entry("start", "up"), Map.entry("run", "up"),
            Map.entry("diff", "plan"), Map.entry("logs", "events"), Map.entry("log", "events"),
            Map.entry("undo", "rollback"), Map.entry("resize", "scale"), Map.entry("create", "apply"));

    private Suggest() {
    }

    /** The known word closest to {@code typed}, if one is close enough to be a typo of it. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        if (typed == null || typed.isEmpty()) {
            return Optional.empty();
        }
        String synonym = SYNONYMS.get(typed.toLowerCase());
        if (synonym != null && known.contains(synonym)) {
            return Optional.of(synonym);
        }
        String t = typed.toLowerCase();
        int allowed = Math.max(1, Math.min(2, (t.replaceFirst("^-+", "").length() - 1) / 2));
        return known.stream()
                .filter(k -> distance(t, k.toLowerCase()) <= allowed)
                .min(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase())).thenComparing(k -> k));
    }

    /** {@code "; did you mean X?"} or nothing. */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(s -> "; did you mean " + s + "?").orElse("");
    }

    /** Known words sorted, for "known: a, b, c". */
    public static String list(Collection<String> known) {
        return String.join(", ", known.stream().sorted().toList());
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
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

    static List<String> sorted(Collection<String> words) {
        return words.stream().sorted().toList();
    }
}
