package dev.listkit.core.engine;

import dev.listkit.core.MediaException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.modality.Modality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A transparent alignment model for engine tests: a sample is a (1, C) vector of concept strengths;
 * a text embeds as the counts of the concept words it contains (plus a small constant direction so an
 * empty text is not a zero vector). Captions: the sample's strongest concept in a sentence, another
 * concept, a garbage token string and an empty string, shuffled by the strategy seed.
 */
final class ConceptModel implements InferenceModel {
    static final List<String> CONCEPTS = List.of("dog", "rain", "siren", "bird", "engine");
    int captionCalls;

    static FloatTensor sample(int concept, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[CONCEPTS.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (noise * r.nextDouble());
        }
        v[concept] += 1f;
        return new FloatTensor(v, new long[] {1, v.length});
    }

    /** The samples' "modality": (1, C) concept-strength vectors, made in memory by {@link #sample}. */
    static final class Concepts implements Modality {
        @Override
        public String id() {
            return "concepts";
        }

        @Override
        public String fingerprint() {
            return "concepts-" + CONCEPTS;
        }

        @Override
        public long[] sampleShape() {
            return new long[] {1, CONCEPTS.size()};
        }

        @Override
        public Set<String> fileExtensions() {
            return Set.of();
        }

        @Override
        public FloatTensor load(Path media) throws MediaException {
            throw new MediaException(media, "concept samples are made in memory, not read from files");
        }

        @Override
        public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
            return features;
        }

        @Override
        public List<String> zeroShotTemplates() {
            return List.of("{}");
        }

        /** "can be heard" in the captions names the medium, as a sound modality's words do. */
        @Override
        public Set<String> captionStopWords() {
            return Set.of("heard");
        }
    }

    @Override
    public Modality modality() {
        return new Concepts();
    }

    @Override
    public Path directory() {
        return Path.of("concept-model");
    }

    /** A test model was never trained from a recipe. */
    @Override
    public Recipe recipe() {
        throw new UnsupportedOperationException("the concept test model has no recipe");
    }

    @Override
    public String runtime() {
        return "test";
    }

    @Override
    public void close() {
    }

    @Override
    public float[][] embedModality(List<FloatTensor> items, int batchSize) {
        float[][] out = new float[items.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] v = new float[CONCEPTS.size() + 1];
            System.arraycopy(items.get(i).data(), 0, v, 0, CONCEPTS.size());
            out[i] = normalise(v);
        }
        return out;
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] v = new float[CONCEPTS.size() + 1];
            v[CONCEPTS.size()] = 0.3f;
            for (String w : texts.get(i).toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                int k = CONCEPTS.indexOf(w);
                if (k >= 0) {
                    v[k] += 1f;
                }
            }
            out[i] = normalise(v);
        }
        return out;
    }

    @Override
    public List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy) {
        captionCalls++;
        List<List<String>> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(strategy.seed());
        for (FloatTensor f : items) {
            int best = 0;
            for (int i = 1; i < CONCEPTS.size(); i++) {
                if (f.data()[i] > f.data()[best]) {
                    best = i;
                }
            }
            int other = (best + 1 + r.nextInt(CONCEPTS.size() - 1)) % CONCEPTS.size();
            List<String> c = new ArrayList<>(List.of("a " + CONCEPTS.get(best) + " can be heard",
                    "a " + CONCEPTS.get(other) + " in the distance", "##zz ##qq", ""));
            for (int i = c.size() - 1; i > 0; i--) {
                java.util.Collections.swap(c, i, r.nextInt(i + 1));
            }
            out.add(c.subList(0, Math.min(c.size(), strategy.candidates())));
        }
        return out;
    }

    private static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float s = (float) (1 / Math.sqrt(Math.max(n, 1e-12)));
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return v;
    }
}
