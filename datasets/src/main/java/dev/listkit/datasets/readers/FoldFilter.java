package dev.listkit.datasets.readers;

import dev.listkit.core.ConfigException;
import java.util.Set;
import java.util.TreeSet;

/** The {@code folds=} option of folded datasets: which folds to keep (all when empty). */
record FoldFilter(String provider, Set<Integer> folds, Set<Integer> seen) {
    FoldFilter(String provider, Set<Integer> folds) {
        this(provider, Set.copyOf(folds), new TreeSet<>());
    }

    /** Whether a row of {@code fold} is kept; remembers the fold for the error message. */
    boolean keeps(int fold) {
        seen.add(fold);
        return folds.isEmpty() || folds.contains(fold);
    }

    /** Fails when a non-empty filter kept nothing. */
    void checkSelected(int kept) throws ConfigException {
        if (kept == 0 && !folds.isEmpty()) {
            throw new ConfigException(provider + ": folds=" + new TreeSet<>(folds)
                    + " select no rows; folds in the metadata: " + seen);
        }
    }
}
