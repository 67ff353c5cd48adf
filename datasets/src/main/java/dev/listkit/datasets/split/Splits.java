package dev.listkit.datasets.split;

import dev.listkit.core.ConfigException;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.util.Hashing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seeded splits by sample id. Each sample gets the key SHA-256(seed + ":" + id); samples are ranked by
 * that key and cut at exact counts ({@code round(fraction * n)}), so a split depends only on the seed
 * and the set of ids, not on input order, run or JVM. Whole samples move together, so no caption of a
 * test sample can reach training.
 *
 * <pre>{@code
 * TrainValTest tvt = Splits.trainValTest(dataset.samples(), 0.8, 0.1, 42);
 * PairedPool pool = Splits.pool(tvt.train(), PoolSpec.of(0.1, 42).stratifiedBy("label"));
 * }</pre>
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Splits into train/val/test; test gets what is left after train and val.
     *
     * @throws ConfigException when a fraction is outside [0, 1] or they add up to more than 1
     */
    public static TrainValTest trainValTest(List<SampleRef> samples, double trainFraction, double valFraction,
                                            long seed) throws ConfigException {
        if (!(trainFraction >= 0 && valFraction >= 0 && trainFraction + valFraction <= 1 + 1e-9)) {
            throw new ConfigException("train and val fractions must be >= 0 and add up to at most 1, got "
                    + trainFraction + " and " + valFraction);
        }
        List<SampleRef> ranked = ranked(samples, seed);
        int n = ranked.size();
        int nTrain = (int) Math.round(trainFraction * n);
        int nVal = Math.min(n - nTrain, (int) Math.round(valFraction * n));
        Set<String> train = ids(ranked.subList(0, nTrain));
        Set<String> val = ids(ranked.subList(nTrain, nTrain + nVal));
        List<SampleRef> a = new ArrayList<>();
        List<SampleRef> b = new ArrayList<>();
        List<SampleRef> c = new ArrayList<>();
        for (SampleRef s : samples) {
            (train.contains(s.id()) ? a : val.contains(s.id()) ? b : c).add(s);
        }
        return new TrainValTest(a, b, c);
    }

    /**
     * Splits into a paired pool (captions kept) and an unpaired pool (captions and hidden metadata
     * removed). When stratified, each value of the key (missing = "") keeps its own fraction.
     */
    public static PairedPool pool(List<SampleRef> samples, PoolSpec spec) {
        Map<String, List<SampleRef>> strata = new LinkedHashMap<>();
        for (SampleRef s : samples) {
            String stratum = spec.stratifyBy().map(k -> s.metadata().getOrDefault(k, "")).orElse("");
            strata.computeIfAbsent(stratum, k -> new ArrayList<>()).add(s);
        }
        Set<String> paired = new HashSet<>();
        for (List<SampleRef> group : strata.values()) {
            List<SampleRef> ranked = ranked(group, spec.seed());
            paired.addAll(ids(ranked.subList(0, (int) Math.round(spec.pairedFraction() * ranked.size()))));
        }
        List<SampleRef> p = new ArrayList<>();
        List<SampleRef> u = new ArrayList<>();
        for (SampleRef s : samples) {
            if (paired.contains(s.id())) {
                p.add(s);
            } else {
                u.add(hide(s, spec.hiddenMetadata()));
            }
        }
        return new PairedPool(p, u);
    }

    /** The hash key of {@code id} under {@code seed}: 16 lower-case hex digits, stable everywhere. */
    public static String key(String id, long seed) {
        return Hashing.sha256(seed + ":" + id).substring(0, 16);
    }

    private static SampleRef hide(SampleRef s, Set<String> keys) {
        Map<String, String> meta = new HashMap<>(s.metadata());
        meta.keySet().removeAll(keys);
        return new SampleRef(s.id(), s.media(), List.of(), meta);
    }

    private static List<SampleRef> ranked(List<SampleRef> samples, long seed) {
        Map<String, String> keys = new HashMap<>();
        for (SampleRef s : samples) {
            if (keys.put(s.id(), key(s.id(), seed)) != null) {
                throw new IllegalArgumentException("duplicate sample id '" + s.id() + "'");
            }
        }
        List<SampleRef> out = new ArrayList<>(samples);
        out.sort(Comparator.comparing((SampleRef s) -> keys.get(s.id())).thenComparing(SampleRef::id));
        return out;
    }

    private static Set<String> ids(List<SampleRef> samples) {
        Set<String> out = new HashSet<>();
        samples.forEach(s -> out.add(s.id()));
        return out;
    }
}
