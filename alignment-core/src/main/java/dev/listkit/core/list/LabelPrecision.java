package dev.listkit.core.list;

import dev.listkit.core.ListkitException;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.lexicon.CaptionWords;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pseudo-label precision of a data-engine round: the share of the synthetic captions that name what their
 * sample really shows, for the accepted and the rejected samples — what tells a filter that selects from one
 * that only throws away. A caption <em>names</em> a sample's hidden label when it contains every word of the
 * label ({@code dog_bark} → "dog", "bark"; plural and singular alike); a sample without a label (captioned data
 * such as images) is named when the caption shares a content word with one of its hidden captions. Because a
 * caption may name a label in other words (a tagger's "cattle, bovinae" for {@code cow}), a second view asks
 * whether the caption's nearest label in a frozen text space is the hidden one ({@link #nearestLabel}). Only the
 * list layer knows the truth (from the split); the engine never sees it.
 */
final class LabelPrecision {
    private LabelPrecision() {
    }

    /**
     * What an unpaired sample really shows.
     *
     * @param label    its hidden label (the {@code labelCaptions} key's value), or null for captioned data
     * @param captions its hidden captions
     * @param novel    true when its stratum got no paired example ({@code data.novelFraction})
     */
    record Truth(String label, List<String> captions, boolean novel) {
        Truth(String label, List<String> captions) {
            this(label, captions, false);
        }
    }

    /** True when {@code caption} names {@code truth} (see the class comment). */
    static boolean names(String caption, Truth truth, Set<String> mediumWords) {
        if (caption == null) {
            return false;
        }
        if (truth.label() != null) {
            Set<String> words = singulars(CaptionWords.words(caption));
            List<String> label = CaptionWords.words(truth.label().replace('_', ' '));
            return !label.isEmpty() && words.containsAll(singulars(label));
        }
        Set<String> mine = content(caption, mediumWords);
        for (String c : truth.captions()) {
            Set<String> theirs = content(c, mediumWords);
            theirs.retainAll(mine);
            if (!theirs.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Frozen text embeddings (unit norm), for the nearest-label view of precision. */
    @FunctionalInterface
    interface TextEmbedder {
        float[][] embed(List<String> texts) throws ListkitException;
    }

    /**
     * For each caption, whether its nearest label is its sample's hidden label: the label whose label captions
     * (their mean frozen text embedding) are closest to the caption's embedding, among every label of the pool.
     * This counts a caption in other words ("the sound of cattle, bovinae" for {@code cow}) that the word match
     * misses. Keys: the record ids with a labelled truth and a caption.
     */
    static Map<String, Boolean> nearestLabel(List<ManifestRecord> records, Map<String, Truth> truth,
            TextEmbedder text) throws ListkitException {
        Map<String, List<String>> prompts = new java.util.TreeMap<>();
        truth.values().forEach(t -> {
            if (t.label() != null && !t.captions().isEmpty()) {
                prompts.putIfAbsent(t.label(), t.captions());
            }
        });
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (prompts.size() < 2) {
            return out;
        }
        List<String> labels = new java.util.ArrayList<>(prompts.keySet());
        float[][] centroids = new float[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            centroids[i] = unit(mean(text.embed(prompts.get(labels.get(i)))));
        }
        List<ManifestRecord> named = records.stream().filter(r -> r.caption() != null && !r.caption().isBlank()
                && truth.containsKey(r.id()) && truth.get(r.id()).label() != null).toList();
        List<String> captions = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(
                named.stream().map(ManifestRecord::caption).toList()));
        Map<String, float[]> emb = new java.util.HashMap<>();
        float[][] e = captions.isEmpty() ? new float[0][] : text.embed(captions);
        for (int i = 0; i < e.length; i++) {
            emb.put(captions.get(i), e[i]);
        }
        for (ManifestRecord r : named) {
            float[] c = emb.get(r.caption());
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < centroids.length; i++) {
                double sc = 0;
                for (int k = 0; k < c.length; k++) {
                    sc += c[k] * centroids[i][k];
                }
                if (sc > bestScore) {
                    bestScore = sc;
                    best = i;
                }
            }
            out.put(r.id(), labels.get(best).equals(truth.get(r.id()).label()));
        }
        return out;
    }

    private static float[] mean(float[][] v) {
        float[] m = new float[v[0].length];
        for (float[] x : v) {
            for (int k = 0; k < m.length; k++) {
                m[k] += x[k] / v.length;
            }
        }
        return m;
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float s = (float) (1 / Math.sqrt(Math.max(n, 1e-12)));
        for (int k = 0; k < v.length; k++) {
            v[k] *= s;
        }
        return v;
    }

    /**
     * The round's counts and shares as metrics: {@code engine/accepted}, {@code engine/rejected} (samples with a
     * known truth), {@code engine/precision/accepted} and {@code /rejected} (share naming the truth), and, when
     * some strata are novel, {@code engine/precision/acceptedNovel} and {@code /acceptedKnown}. A share without
     * samples is absent.
     */
    static Map<String, Double> metrics(List<ManifestRecord> records, Map<String, Truth> truth, Set<String> mediumWords) {
        return metrics(records, truth, mediumWords, Map.of());
    }

    /**
     * As {@link #metrics(List, Map, Set)}, plus {@code engine/nearestLabel/accepted} and {@code /rejected} (and
     * {@code acceptedNovel}, {@code acceptedKnown}) from {@link #nearestLabel} results.
     */
    static Map<String, Double> metrics(List<ManifestRecord> records, Map<String, Truth> truth, Set<String> mediumWords,
            Map<String, Boolean> nearest) {
        int[] acc = new int[2];
        int[] rej = new int[2];
        int[] novel = new int[2];
        int[] known = new int[2];
        boolean anyNovel = truth.values().stream().anyMatch(Truth::novel);
        for (ManifestRecord r : records) {
            Truth t = truth.get(r.id());
            if (t == null || "skipped".equals(r.status())) {
                continue;
            }
            int hit = names(r.caption(), t, mediumWords) ? 1 : 0;
            int[] bucket = r.accepted() ? acc : rej;
            bucket[0]++;
            bucket[1] += hit;
            if (r.accepted()) {
                int[] kind = t.novel() ? novel : known;
                kind[0]++;
                kind[1] += hit;
            }
        }
        int[][] near = new int[4][2]; // accepted, rejected, accepted novel, accepted known
        for (ManifestRecord r : records) {
            Boolean hit = nearest.get(r.id());
            if (hit == null || "skipped".equals(r.status())) {
                continue;
            }
            int[] b = near[r.accepted() ? 0 : 1];
            b[0]++;
            b[1] += hit ? 1 : 0;
            if (r.accepted()) {
                int[] k = near[truth.get(r.id()).novel() ? 2 : 3];
                k[0]++;
                k[1] += hit ? 1 : 0;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("engine/accepted", (double) acc[0]);
        out.put("engine/rejected", (double) rej[0]);
        share(out, "engine/precision/accepted", acc);
        share(out, "engine/precision/rejected", rej);
        if (anyNovel) {
            share(out, "engine/precision/acceptedNovel", novel);
            share(out, "engine/precision/acceptedKnown", known);
            out.put("engine/acceptedNovel", (double) novel[0]);
        }
        if (!nearest.isEmpty()) {
            share(out, "engine/nearestLabel/accepted", near[0]);
            share(out, "engine/nearestLabel/rejected", near[1]);
            if (anyNovel) {
                share(out, "engine/nearestLabel/acceptedNovel", near[2]);
                share(out, "engine/nearestLabel/acceptedKnown", near[3]);
            }
        }
        return out;
    }

    private static void share(Map<String, Double> out, String key, int[] counts) {
        if (counts[0] > 0) {
            out.put(key, Math.round(1e6 * counts[1] / (double) counts[0]) / 1e6);
        }
    }

    private static Set<String> singulars(List<String> words) {
        Set<String> out = new HashSet<>();
        words.forEach(w -> out.add(CaptionWords.singular(w)));
        return out;
    }

    private static Set<String> content(String caption, Set<String> mediumWords) {
        Set<String> out = new HashSet<>(CaptionWords.contentWords(caption));
        out.removeAll(mediumWords);
        return out;
    }
}
