package dev.listkit.core.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.MediaException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.features.FeatureCache;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locked-tower samples: the tower's outputs per view, cached by the feature cache under a fingerprint that
 * includes the model's hash (another model's cache is recomputed, never reused), read back by the encoder.
 */
class LockedTowerModalityTest {
    @TempDir
    Path tmp;

    /** Files hold one number s; the tensor is (1, 4, 6) with x[h, t] = s * (h * 10 + t). Augment adds 1. */
    static final class RampModality implements Modality {
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public String id() {
            return "ramp";
        }

        @Override
        public String fingerprint() {
            return "ramp-1";
        }

        @Override
        public long[] sampleShape() {
            return new long[] {1, 4, 6};
        }

        @Override
        public Set<String> fileExtensions() {
            return Set.of("txt");
        }

        @Override
        public FloatTensor load(Path media) throws MediaException {
            loads.incrementAndGet();
            float s;
            try {
                s = Float.parseFloat(Files.readString(media).strip());
            } catch (IOException | NumberFormatException e) {
                throw new MediaException(media, "not a number", e);
            }
            float[] x = new float[24];
            for (int h = 0; h < 4; h++) {
                for (int t = 0; t < 6; t++) {
                    x[h * 6 + t] = s * (h * 10 + t);
                }
            }
            return new FloatTensor(x, sampleShape());
        }

        @Override
        public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
            float[] d = features.data().clone();
            float shift = rng.nextInt(100) + 1;
            for (int i = 0; i < d.length; i++) {
                d[i] += shift;
            }
            return new FloatTensor(d, features.shape());
        }

        @Override
        public List<String> zeroShotTemplates() {
            return List.of("a {}");
        }

        @Override
        public Block encoder(JsonNode spec) throws ConfigException {
            if (OnnxTowerSpec.isOnnx(spec)) {
                return new FrozenOnnxEncoder(OnnxTowerSpec.parse(spec, "ramp encoder"), TinyTowers.input(6));
            }
            return new CachedTowerReader(1, 1); // stands in for a trainable encoder
        }
    }

    private ObjectNode spec(Path model, int views) throws Exception {
        return (ObjectNode) Json.parse("{\"type\":\"onnx\",\"model\":\"" + model + "\",\"pooledOutput\":\"features\","
                + "\"tokensOutput\":\"feature_map\",\"tokenGrid\":[1,3],\"views\":" + views + "}");
    }

    private Dataset dataset(int n) throws IOException {
        List<SampleRef> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = tmp.resolve("data").resolve("s" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, Integer.toString(i + 1));
            refs.add(new SampleRef("s" + i, f, List.of("caption " + i), Map.of()));
        }
        return new Dataset("ramps", tmp.resolve("data"), refs, List.of(), List.of());
    }

    @Test
    void samplesAreTheTowerOutputsOfEveryView() throws Exception {
        RampModality base = new RampModality();
        Path model = TinyTowers.mapModel(tmp.resolve("a.onnx"), 2f);
        Modality m = LockedTowers.wrap(base, spec(model, 3));
        assertTrue(LockedTowers.locked(m));
        try (OnnxTower tower = new OnnxTower(OnnxTowerSpec.parse(spec(model, 3), "t"), TinyTowers.input(6))) {
            assertArrayEquals(new long[] {3, 4, 2}, m.sampleShape()); // (V, 1 + T, D)
            Path f = dataset(2).samples().get(1).media();
            FloatTensor x = m.load(f);
            assertArrayEquals(new long[] {3, 4, 2}, x.shape());
            FloatTensor plain = base.load(f);
            float[] view0 = tower.run(plain.data(), new long[] {1, 1, 4, 6}).packed(0);
            assertArrayEquals(view0, java.util.Arrays.copyOfRange(x.data(), 0, 8), 1e-5f);
            for (int v = 1; v < 3; v++) {
                FloatTensor aug = base.augment(plain, new SplittableRandom(LockedTowerModality.viewSeed(f, v)));
                float[] expected = tower.run(aug.data(), new long[] {1, 1, 4, 6}).packed(0);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(x.data(), v * 8, (v + 1) * 8), 1e-4f);
                assertNotEquals(view0[0], expected[0], "view " + v + " is augmented");
            }
            assertArrayEquals(x.data(), m.load(f).data(), "deterministic");
            // augment moves a random view to slot 0; the reader takes slot 0
            boolean moved = false;
            for (int seed = 0; seed < 10; seed++) {
                FloatTensor a = m.augment(x, new SplittableRandom(seed));
                moved |= a.data()[0] != x.data()[0];
            }
            assertTrue(moved);
            try (NDManager nd = NDManager.newBaseManager()) {
                Block reader = m.encoder(spec(model, 3));
                assertEquals(2, m.encoderDim(spec(model, 3)));
                NDList out = reader.forward(new ParameterStore(nd, false), new NDList(nd.create(x.data(),
                        new Shape(1, 3, 4, 2))), false);
                assertArrayEquals(java.util.Arrays.copyOfRange(view0, 0, 2), out.get(0).toFloatArray());
                assertArrayEquals(java.util.Arrays.copyOfRange(view0, 2, 8), out.get(1).toFloatArray());
                assertArrayEquals(new long[] {1, 3, 2}, out.get(1).getShape().getShape());
            }
        } finally {
            LockedTowers.close(m);
        }
    }

    @Test
    void theFeatureCacheReusesTheSameModelAndRecomputesAnother() throws Exception {
        Dataset ds = dataset(4);
        Path cache = tmp.resolve("cache");
        RampModality base = new RampModality();
        Path a = TinyTowers.mapModel(tmp.resolve("a/tower.onnx"), 2f);
        Path b = TinyTowers.mapModel(tmp.resolve("b/tower.onnx"), 5f);
        Modality ma = LockedTowers.wrap(base, spec(a, 1));
        Modality mb = LockedTowers.wrap(base, spec(b, 1));
        try {
            FeatureCache.Summary first = FeatureCache.build(ds, ma, cache, 2);
            assertEquals(4, first.computed());
            FeatureCache.Summary again = FeatureCache.build(ds, ma, cache, 2);
            assertEquals(4, again.reused());
            assertEquals(4, base.loads.get(), "the tower ran once per sample");
            assertNotEquals(ma.fingerprint(), mb.fingerprint());
            FeatureCache.Summary other = FeatureCache.build(ds, mb, cache, 2); // same directory, another model
            assertEquals(4, other.computed());
            assertEquals(0, other.reused());
            FloatTensor fromCache = FeatureCache.load(cache, other.index().entries().get(0));
            assertArrayEquals(mb.load(ds.samples().get(0).media()).data(), fromCache.data());
            assertNotEquals(ma.load(ds.samples().get(0).media()).data()[1], fromCache.data()[1]);
        } finally {
            LockedTowers.close(ma);
            LockedTowers.close(mb);
        }
    }

    @Test
    void aClassifierAddsLogitRowsThatGiveTheSampleItsTags() throws Exception {
        Path labels = tmp.resolve("labels.txt");
        Files.writeString(labels, "Cattle, bovinae\nMoo\nSheep\n");
        ObjectNode spec = spec(TinyTowers.mapModel(tmp.resolve("t.onnx"), 2f), 1);
        spec.put("classifierOutput", "logits");
        spec.put("labels", labels.toString());
        spec.put("tagTopK", 2);
        RampModality base = new RampModality();
        LockedTowerModality m = (LockedTowerModality) LockedTowers.wrap(base, spec);
        try {
            assertTrue(m.tagged());
            assertArrayEquals(new long[] {1, 1 + 3 + 2, 2}, m.sampleShape(), "3 logits in 2 rows of width 2");
            Path f = dataset(1).samples().get(0).media(); // x = h * 10 + t: features (17.5, 35)
            FloatTensor x = m.load(f);
            assertArrayEquals(new long[] {1, 6, 2}, x.shape());
            // logits = features · [[1, 0, 1], [0, 1, -1]] = (17.5, 35, -17.5): Moo, then Cattle
            Tags tags = m.tags(x);
            assertEquals(List.of("Moo", "Cattle, bovinae"), tags.tags().stream().map(Tags.Tag::label).toList());
            assertEquals(1.0, tags.tags().get(0).score(), 1e-4);
            assertEquals("Moo; Cattle, bovinae", tags.metadata().get(Tags.KEY));
            assertEquals("1.0000;1.0000", tags.metadata().get(Tags.SCORES_KEY));
            try (NDManager nd = NDManager.newBaseManager()) { // the reader skips the logit rows
                NDList out = m.encoder(spec).forward(new ParameterStore(nd, false),
                        new NDList(nd.create(x.data(), new Shape(1, 1, 6, 2))), false);
                assertArrayEquals(new long[] {1, 3, 2}, out.get(1).getShape().getShape());
                assertArrayEquals(java.util.Arrays.copyOfRange(x.data(), 2, 8), out.get(1).toFloatArray());
            }
            ObjectNode softmax = spec.deepCopy();
            softmax.put("tagActivation", "softmax");
            LockedTowerModality s = (LockedTowerModality) LockedTowers.wrap(base, softmax);
            try {
                Tags t = s.tags(s.load(f));
                assertEquals("Moo", t.tags().get(0).label());
                assertEquals(1 / (1 + Math.exp(-17.5)), t.tags().get(0).score(), 1e-4);
            } finally {
                s.close();
            }
        } finally {
            m.close();
        }
    }

    @Test
    void aTrainableEncoderLeavesTheModalityAsItIs() throws Exception {
        RampModality base = new RampModality();
        assertSame(base, LockedTowers.wrap(base, Json.parse("{\"type\":\"cnn\"}")));
        assertSame(base, LockedTowers.wrap(base, null));
    }
}
