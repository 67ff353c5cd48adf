package dev.listkit.core.features;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the datasets of a recipe and their cached features into memory. */
public final class SampleSets {
    private static final Logger LOG = LoggerFactory.getLogger(SampleSets.class);

    private SampleSets() {
    }

    /** A dataset with the in-memory features of every sample that could be preprocessed. */
    public record Loaded(Dataset dataset, List<SampleRef> samples, List<FloatTensor> features,
                         List<FeatureIndex.Failure> failures) {
        /** Only the samples {@code keep} accepts (with their features); failures are kept as they are. */
        public Loaded filter(java.util.function.Predicate<SampleRef> keep) {
            List<SampleRef> s = new ArrayList<>();
            List<FloatTensor> f = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (keep.test(samples.get(i))) {
                    s.add(samples.get(i));
                    f.add(features.get(i));
                }
            }
            return new Loaded(dataset, s, f, failures);
        }
    }

    /**
     * Reads a dataset and its features (computed into {@code cacheRoot}, or reused from there).
     *
     * @param directory the dataset directory under {@code dataRoot}, or null for the reader's default
     */
    public static Loaded load(String datasetId, String directory, Map<String, String> options, Path dataRoot,
            Modality modality, Path cacheRoot, int threads) throws ListkitException, IOException {
        DatasetProvider p = DatasetRegistry.provider(datasetId);
        Path dir = dataRoot.resolve(directory == null ? p.defaultDirectory() : directory);
        Dataset ds = p.load(dir, options);
        for (String s : ds.skipped()) {
            LOG.warn("{}: skipped {}", datasetId, s);
        }
        String key = datasetId + "-" + Hashing.sha256(dir + "|" + new java.util.TreeMap<>(options) + "|"
                + modality.fingerprint()).substring(0, 12);
        Path cache = cacheRoot.resolve(key);
        FeatureCache.Summary s = FeatureCache.build(ds, modality, cache, threads);
        for (FeatureIndex.Failure f : s.failures()) {
            LOG.warn("{}: failed {}", datasetId, f.reason());
        }
        Map<String, FeatureIndex.Entry> byId = new HashMap<>();
        s.index().entries().forEach(e -> byId.put(e.id(), e));
        List<SampleRef> kept = new ArrayList<>();
        List<FloatTensor> features = new ArrayList<>();
        for (SampleRef r : ds.samples()) {
            FeatureIndex.Entry e = byId.get(r.id());
            if (e != null) {
                kept.add(r);
                features.add(FeatureCache.load(cache, e));
            }
        }
        return new Loaded(ds, kept, features, s.failures());
    }

    /**
     * The paired samples of one source split by sample id: a sample is held out when
     * {@link #heldOut} says so for its prefixed id ({@code dataset:id}), so every caption of a held-out
     * sample stays out of training, and the split does not depend on order, limits or other sources.
     *
     * @param train     samples to train on
     * @param heldOut   samples held out for evaluation
     * @param ids       prefixed ids of all used samples, in dataset order (for provenance)
     * @param noCaption samples skipped because they have no caption
     */
    public record Split(List<PairedSample> train, List<PairedSample> heldOut, List<String> ids, int noCaption) {
    }

    /** Pairs the loaded samples of {@code source} with their captions and splits them (see {@link Split}). */
    public static Split split(Recipe.Source source, Loaded loaded, int maxCaptions, long seed, double heldOutFraction) {
        List<PairedSample> train = new ArrayList<>();
        List<PairedSample> heldOut = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int noCaption = 0;
        for (int i = 0; i < loaded.samples().size() && (source.limit() == 0 || ids.size() < source.limit()); i++) {
            SampleRef r = loaded.samples().get(i);
            List<String> caps = captions(r, source, maxCaptions);
            if (caps.isEmpty()) {
                noCaption++;
                continue;
            }
            String id = source.dataset() + ":" + r.id();
            ids.add(id);
            PairedSample s = new PairedSample(id, loaded.features().get(i), caps);
            (heldOut(id, seed, heldOutFraction) ? heldOut : train).add(s);
        }
        return new Split(train, heldOut, ids, noCaption);
    }

    /** Captions of a sample under a source's rules; empty when it has none. */
    public static List<String> captions(SampleRef r, Recipe.Source source, int maxCaptions) {
        List<String> out = new ArrayList<>();
        if (source.labelCaptions() != null) {
            String label = r.metadata().get(source.labelCaptions().key());
            if (label != null && !label.isBlank()) {
                String readable = readableLabel(label);
                for (String t : source.labelCaptions().templates()) {
                    out.add(t.replace("{}", readable));
                }
            }
        } else {
            for (String c : r.captions()) {
                if (c != null && !c.isBlank()) {
                    out.add(c.strip());
                }
            }
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(out));
        return maxCaptions > 0 && unique.size() > maxCaptions ? unique.subList(0, maxCaptions) : unique;
    }

    /** {@code "chirping_birds"} → {@code "chirping birds"}. */
    public static String readableLabel(String label) {
        return label.replace('_', ' ').replace('-', ' ').strip();
    }

    /** True when {@code id} falls in the held-out fraction for this seed (stable across runs and JVMs). */
    public static boolean heldOut(String id, long seed, double fraction) {
        if (fraction <= 0) {
            return false;
        }
        String h = Hashing.sha256(seed + ":" + id).substring(0, 8);
        return Long.parseLong(h, 16) / (double) 0x1_0000_0000L < fraction;
    }
}
