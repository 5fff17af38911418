package io.infrakit.cli;

import io.infrakit.spi.Suggestions;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * "Did you mean" for mistyped words: the closest known word by edit distance ({@link Suggestions}),
 * or a synonym people coming from kubectl
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
        // Short words tolerate one edit, longer ones two; leading dashes of options do not count.
        int allowed = Math.max(1, Math.min(2, (typed.replaceFirst("^-+", "").length() - 1) / 2));
        return Suggestions.closest(typed, known, allowed);
    }

    /** {@code "; did you mean X?"} or nothing. */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(s -> "; did you mean " + s + "?").orElse("");
    }

    /** Known words sorted, for "known: a, b, c". */
    public static String list(Collection<String> known) {
        return String.join(", ", known.stream().sorted().toList());
    }
}
