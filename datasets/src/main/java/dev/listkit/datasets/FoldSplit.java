package dev.listkit.datasets;

import dev.listkit.core.ConfigException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.SampleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The official cross-validation split of a folded dataset (ESC-50, UrbanSound8K): test = fold k,
 * train = every other fold. Reads the {@code fold} metadata of each sample.
 *
 * @param fold  the held-out fold
 * @param train samples of the other folds, in dataset order
 * @param test  samples of fold {@code fold}, in dataset order
 */
public record FoldSplit(int fold, List<SampleRef> train, List<SampleRef> test) {
    /** Metadata key holding the fold number. */
    public static final String FOLD_KEY = "fold";

    public FoldSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /** Holds out fold {@code k} of {@code dataset}. */
    public static FoldSplit holdOut(Dataset dataset, int k) throws ConfigException {
        List<SampleRef> train = new ArrayList<>();
        List<SampleRef> test = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        String key = Integer.toString(k);
        for (SampleRef s : dataset.samples()) {
            String fold = s.metadata().get(FOLD_KEY);
            if (fold == null) {
                throw new ConfigException(dataset.name() + ": sample '" + s.id() + "' has no fold metadata");
            }
            present.add(fold);
            (fold.equals(key) ? test : train).add(s);
        }
        if (test.isEmpty()) {
            throw new ConfigException(dataset.name() + ": fold " + k + " has no samples; folds present: " + present);
        }
        return new FoldSplit(k, train, test);
    }
}
