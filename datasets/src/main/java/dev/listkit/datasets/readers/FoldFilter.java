package dev.listkit.datasets.readers;

import dev.listkit.core.ConfigException;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * One line naming the requested folds the metadata does not have (a subset of the dataset, e.g.
     * UrbanSound8K without fold 10), to report beside the skipped rows; empty when there are none.
     */
    List<String> absentFolds(Path csv) {
        Set<Integer> absent = new TreeSet<>(folds);
        absent.removeAll(seen);
        return absent.isEmpty() ? List.of() : List.of(csv + ": folds " + absent
                + " requested but not in the metadata (folds present: " + seen + "); the others are read");
    }

    /** Fails when a non-empty filter kept nothing. */
    void checkSelected(int kept) throws ConfigException {
        if (kept == 0 && !folds.isEmpty()) {
            throw new ConfigException(provider + ": folds=" + new TreeSet<>(folds)
                    + " select no rows; folds in the metadata: " + seen);
        }
    }
}
