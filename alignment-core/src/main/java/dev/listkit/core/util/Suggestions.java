package dev.listkit.core.util;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * "Did you mean ...?" for mistyped names (commands, recipes, datasets, keys): the known name closest to
 * what was typed by edit distance, when it is close enough to be a typo, or the only name the input is a
 * prefix of.
 *
 * <pre>{@code
 * Suggestions.didYouMean("colour", List.of("color", "size"))   // " (did you mean 'color'?)"
 * }</pre>
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The known name closest to {@code input}: at most a third of its characters (rounded up) changed, ties
     * broken by order; or else the only name that starts with {@code input}; case is ignored.
     */
    public static Optional<String> closest(String input, Collection<String> known) {
        if (input == null || input.isEmpty()) {
            return Optional.empty();
        }
        String in = input.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, (in.length() + 2) / 3);
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance.apply(in, k.toLowerCase(Locale.ROOT));
            if (d >= 0 && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        String prefixed = null;
        for (String k : known) {
            if (k.toLowerCase(Locale.ROOT).startsWith(in)) {
                if (prefixed != null) {
                    return Optional.empty();
                }
                prefixed = k;
            }
        }
        return Optional.ofNullable(prefixed);
    }

    /** {@code " (did you mean 'x'?)"}, or {@code ""} when nothing is close; to put after the unknown name. */
    public static String didYouMean(String input, Collection<String> known) {
        return closest(input, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
