package dev.listkit.core.list;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.engine.PoolSample;
import dev.listkit.core.features.FeatureIndex;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.util.Hashing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data of one seed of a self-training run: the captioned training sources split into train and held-out
 * pairs; the pool split, per stratum, into held-out pairs, a paired fraction and the unpaired rest (labels
 * hidden). Every cut is a seeded hash of the sample id, so a seed gives the same split on every run.
 */
final class PoolSplit {
    private static final Logger LOG = LoggerFactory.getLogger(PoolSplit.class);

    private PoolSplit() {
    }

    /**
     * The data of one seed.
     *
     * @param train      captioned training pairs
     * @param heldOut    held-out pairs for evaluation (from the training sources and the pool)
     * @param pairedPool the paired fraction of the pool
     * @param oraclePool the whole (non-held-out) pool with its captions, for the oracle arm
     * @param unpaired   the unpaired pool as the data engine sees it (hidden keys removed), with failures
     * @param byId       the unpaired samples with their captions and features, by id
     * @param truth      what each unpaired sample really shows, by id (for pseudo-label precision only; the
     *                   data engine never sees it)
     * @param novel      the strata (label values) that got no paired example ({@code data.novelFraction})
     */
    record SeedData(List<PairedSample> train, List<PairedSample> heldOut, List<PairedSample> pairedPool,
                    List<PairedSample> oraclePool, List<PoolSample> unpaired, Map<String, PairedSample> byId,
                    Map<String, LabelPrecision.Truth> truth, List<String> novel) {
    }

    /** A pool sample before the split: sample {@code index} of {@code source}. */
    record PoolMember(LoadedSource source, int index) {
        String id() {
            return source.id(index);
        }

        SampleRef ref() {
            return source.sample(index);
        }
    }

    /** Splits the training sources and the pool for {@code seed}; samples without a caption are logged and left out. */
    static SeedData split(Recipe recipe, List<LoadedSource> train, List<LoadedSource> pool, long seed) {
        Recipe.DataSection d = recipe.data();
        List<PairedSample> trainSamples = new ArrayList<>();
        List<PairedSample> heldOut = new ArrayList<>();
        Map<String, PairedSample> byId = new LinkedHashMap<>();
        for (LoadedSource l : train) {
            for (int i = 0; i < l.size(); i++) {
                List<String> caps = SampleSets.captions(l.sample(i), l.source(), d.maxCaptionsPerSample());
                if (!caps.isEmpty()) {
                    String id = l.id(i);
                    PairedSample s = new PairedSample(id, l.features(i), caps);
                    (SampleSets.heldOut(id, seed, d.captionHoldout()) ? heldOut : trainSamples).add(s);
                }
            }
        }
        // Pool: rank each stratum by a seeded hash of the id and keep round(fraction * n) paired.
        Map<String, List<PoolMember>> strata = new TreeMap<>();
        List<PoolSample> unpaired = new ArrayList<>();
        for (LoadedSource l : pool) {
            for (int i = 0; i < l.size(); i++) {
                SampleRef r = l.sample(i);
                String stratum = d.stratifyKey() == null ? "" : r.metadata().getOrDefault(d.stratifyKey(), "");
                strata.computeIfAbsent(stratum, k -> new ArrayList<>()).add(new PoolMember(l, i));
            }
            for (FeatureIndex.Failure f : l.loaded().failures()) {
                unpaired.add(new PoolSample(l.source().dataset() + ":" + f.id(), l.source().dataset(), f.media(),
                        Map.of(), null, f.reason()));
            }
        }
        List<PairedSample> pairedPool = new ArrayList<>();
        List<PairedSample> oraclePool = new ArrayList<>();
        List<PoolMember> heldOutMembers = new ArrayList<>();
        Map<String, LabelPrecision.Truth> truth = new LinkedHashMap<>();
        List<String> novel = novelStrata(strata.keySet(), seed, d.novelFraction());
        if (!novel.isEmpty()) {
            LOG.info("seed {}: {} of {} strata of '{}' have no paired example (data.novelFraction {}): {}", seed,
                    novel.size(), strata.size(), d.stratifyKey(), d.novelFraction(), novel);
        }
        for (Map.Entry<String, List<PoolMember>> stratum : strata.entrySet()) {
            List<PoolMember> all = stratum.getValue();
            // Held-out samples first (their own hash), then the paired cut over what is left.
            List<PoolMember> members = new ArrayList<>();
            for (PoolMember m : all) {
                (poolHeldOut(m.id(), seed, d.poolHoldout()) ? heldOutMembers : members).add(m);
            }
            members.sort(Comparator.comparing(m -> Hashing.sha256(seed + ":" + m.id())));
            int keep = novel.contains(stratum.getKey()) ? 0 : (int) Math.round(d.pairedFraction() * members.size());
            for (int k = 0; k < members.size(); k++) {
                PoolMember m = members.get(k);
                List<String> caps = SampleSets.captions(m.ref(), m.source().source(), d.maxCaptionsPerSample());
                if (caps.isEmpty()) {
                    LOG.info("{}: no caption (none of its own, no label caption), left out of the pool", m.id());
                    continue;
                }
                PairedSample s = new PairedSample(m.id(), m.source().features(m.index()), caps);
                oraclePool.add(s);
                if (k < keep) {
                    pairedPool.add(s);
                } else {
                    Map<String, String> meta = new TreeMap<>(m.ref().metadata());
                    d.hiddenKeys().forEach(meta::remove);
                    unpaired.add(new PoolSample(m.id(), m.source().source().dataset(), m.ref().media().toString(),
                            meta, m.source().features(m.index()), null));
                    byId.put(m.id(), s);
                    Recipe.LabelCaptions lc = m.source().source().labelCaptions();
                    truth.put(m.id(), new LabelPrecision.Truth(lc == null ? null : m.ref().metadata().get(lc.key()),
                            caps, novel.contains(stratum.getKey())));
                }
            }
        }
        heldOutMembers.sort(Comparator.comparing(PoolMember::id));
        for (PoolMember m : heldOutMembers) {
            List<String> caps = SampleSets.captions(m.ref(), m.source().source(), d.maxCaptionsPerSample());
            if (!caps.isEmpty()) {
                heldOut.add(new PairedSample(m.id(), m.source().features(m.index()), caps));
            }
        }
        return new SeedData(trainSamples, heldOut, pairedPool, oraclePool, unpaired, byId, truth, novel);
    }

    /**
     * The strata without a paired example: the first ⌊fraction · n⌋ of the stratum values ranked by a seeded
     * hash, so every seed leaves out different ones; sorted.
     */
    static List<String> novelStrata(java.util.Collection<String> strata, long seed, double fraction) {
        List<String> ranked = new ArrayList<>(strata);
        ranked.sort(Comparator.comparing(v -> Hashing.sha256("novel:" + seed + ":" + v)));
        List<String> out = new ArrayList<>(ranked.subList(0, (int) Math.floor(fraction * ranked.size())));
        out.sort(null);
        return List.copyOf(out);
    }

    /**
     * Whether a pool sample is held out for evaluation: a seeded hash of its id that is independent of
     * the hash that ranks the pool for the paired cut (the same hash would hold out exactly the
     * lowest-ranked samples and shrink the paired fraction).
     */
    static boolean poolHeldOut(String id, long seed, double fraction) {
        return SampleSets.heldOut("pool-holdout:" + id, seed, fraction);
    }
}
