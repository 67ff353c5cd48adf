package dev.listkit.core.list;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.modality.Modality;
import java.io.IOException;

/**
 * One data source of a recipe with its samples and cached features loaded, its {@code part} and
 * {@code limit} applied.
 *
 * @param source the recipe's source entry
 * @param loaded its samples and features (same order)
 */
record LoadedSource(Recipe.Source source, SampleSets.Loaded loaded) {
    /** Loads {@code src} through the feature cache of {@code o}. */
    static LoadedSource load(Recipe.Source src, PairedTrainingJob.Options o, Modality modality)
            throws ListkitException, IOException {
        SampleSets.Loaded l = SampleSets.load(src.dataset(), src.directory(), src.options(), o.dataRoot(), modality,
                o.cacheDir().resolve("features"), o.threads());
        if (src.part() != null) {
            l = l.filter(src.part()::contains);
        }
        if (src.limit() > 0 && l.samples().size() > src.limit()) {
            l = new SampleSets.Loaded(l.dataset(), l.samples().subList(0, src.limit()),
                    l.features().subList(0, src.limit()), l.failures());
        }
        return new LoadedSource(src, l);
    }

    /** The sample at {@code i}. */
    SampleRef sample(int i) {
        return loaded.samples().get(i);
    }

    /** The features of the sample at {@code i}. */
    FloatTensor features(int i) {
        return loaded.features().get(i);
    }

    /** The dataset-prefixed id of the sample at {@code i}, e.g. {@code esc50:1-100038-A-14}. */
    String id(int i) {
        return source.dataset() + ":" + sample(i).id();
    }

    /** Number of loaded samples. */
    int size() {
        return loaded.samples().size();
    }
}
