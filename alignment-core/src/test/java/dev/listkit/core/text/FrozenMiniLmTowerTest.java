package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.listkit.core.engine.EngineTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

class FrozenMiniLmTowerTest {
    static final List<String> TEXTS = List.of("a dog barks", "a dog is barking", "rain falling on a roof");
    static FrozenMiniLmTower tower;

    @BeforeAll
    static void setUp() throws Exception {
        tower = FrozenMiniLmTower.builder().optIntraOpThreads(1).build();
    }

    @AfterAll
    static void tearDown() throws Exception {
        tower.close();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void unitNorm384AndSemanticallyOrdered() throws Exception {
        float[][] e = tower.encode(TEXTS);
        assertEquals(3, e.length);
        for (float[] v : e) {
            assertEquals(384, v.length);
            assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
        }
        double near = dot(e[0], e[1]);
        double far = dot(e[0], e[2]);
        assertTrue(near > far + 0.2, "cos(bark, barking)=" + near + " vs cos(bark, rain)=" + far);
    }

    /** The shipped (not rewritten) model, one text per run or plain padded batches: today's reference path. */
    private static float[][] shippedModel(List<String> texts, int batchSize) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] out = new float[texts.size()][];
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
                CaptionTokenizer tok = CaptionTokenizer.miniLm(MiniLmResources.MAX_LENGTH)) {
            opts.setIntraOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(MiniLmResources.modelBytes(), opts)) {
                for (int start = 0; start < texts.size(); start += batchSize) {
                    TokenizedBatch b = tok.encode(texts.subList(start, Math.min(texts.size(), start + batchSize)));
                    Map<String, OnnxTensor> in = new HashMap<>();
                    in.put("input_ids", OnnxTensor.createTensor(env, b.ids()));
                    in.put("attention_mask", OnnxTensor.createTensor(env, b.attentionMask()));
                    in.put("token_type_ids", OnnxTensor.createTensor(env, new long[b.size()][b.length()]));
                    try (OrtSession.Result r = session.run(in)) {
                        float[][] v = FrozenMiniLmTower.meanPoolNormalised((float[][][]) r.get(0).getValue(),
                                b.attentionMask());
                        System.arraycopy(v, 0, out, start, v.length);
                    } finally {
                        in.values().forEach(OnnxTensor::close);
                    }
                }
            }
        }
        return out;
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void batchedVectorsEqualOneTextPerRunOfTheShippedModelOnRealCaptions() throws Exception {
        List<String> captions = new ArrayList<>(new LinkedHashSet<>(EngineTestData.flickrCaptions(1200)));
        captions.add("a dog"); // short ones share their length with few others
        captions.add("rain");
        Set<Integer> lengths = new HashSet<>();
        try (CaptionTokenizer tok = CaptionTokenizer.miniLm(MiniLmResources.MAX_LENGTH)) {
            long[][] mask = tok.encode(captions).attentionMask();
            for (long[] row : mask) {
                lengths.add((int) Arrays.stream(row).sum());
            }
        }
        assertTrue(lengths.size() >= 15, "captions of varied token lengths: " + lengths);

        float[][] alone = shippedModel(captions, 1);
        float[][] padded = shippedModel(captions, 64);
        double paddedDiff = maxAbsDiff(alone, padded);
        // The defect this guards against: plain padded batches of the quantised model move vectors.
        assertTrue(paddedDiff > 1e-3, "plain batches of the shipped model differ by " + paddedDiff);

        try (FrozenMiniLmTower batched = FrozenMiniLmTower.builder().optBatchSize(64).optThreads(2).build()) {
            float[][] v = batched.encode(captions);
            double diff = maxAbsDiff(alone, v);
            System.err.printf("MiniLM batched vs one per run: max |diff| %.3g over %d captions of %d lengths"
                    + " (plain padded batches: %.3g)%n", diff, captions.size(), lengths.size(), paddedDiff);
            assertTrue(diff <= 1e-4, "batched vs one text per run: max |diff| = " + diff);
            assertEquals(captions.size(), batched.computedTotal());
        }
        try (FrozenMiniLmTower single = FrozenMiniLmTower.builder().optBatchSize(1).build()) {
            List<String> some = captions.subList(0, 50);
            assertTrue(maxAbsDiff(Arrays.copyOf(alone, 50), single.encode(some)) <= 1e-4);
        }
    }

    @Test
    void blankTextIsRejectedWithItsIndex() {
        TextException e = org.junit.jupiter.api.Assertions.assertThrows(TextException.class,
                () -> tower.encode(List.of("a dog barks", "a dog barks", " ")));
        assertTrue(e.getMessage().contains("text 2"), e.getMessage());
    }

    @Test
    void deterministicAcrossSessions() throws Exception {
        float[][] a = tower.encode(TEXTS);
        try (FrozenMiniLmTower other = FrozenMiniLmTower.builder().optIntraOpThreads(2).build()) {
            float[][] b = other.encode(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                for (int j = 0; j < 384; j++) {
                    assertEquals(a[i][j], b[i][j], 1e-6, "text " + i + " dim " + j);
                }
            }
        }
    }

    @Test
    void cacheHitReturnsIdenticalVectorsAndSurvivesReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("text-cache.bin");
        TextEmbeddingCache cache = TextEmbeddingCache.open(file, 384);
        float[][] first;
        try (FrozenMiniLmTower cached = FrozenMiniLmTower.builder().optCache(cache).build()) {
            assertFalse(cached.modelLoaded(), "the model loads when a text needs it");
            first = cached.encode(List.of("a dog barks", "a dog barks", "wind"));
            assertTrue(cached.modelLoaded());
            assertEquals(2, cache.size()); // duplicate computed once
            assertArrayEquals(first[0], first[1]);
            cache.flush();
        }
        assertTrue(Files.size(file) > 2 * 384 * 4);

        // A reloaded cache answers without the model: a planted vector must come back as is.
        TextEmbeddingCache reloaded = TextEmbeddingCache.open(file, 384);
        assertArrayEquals(first[0], reloaded.get(MiniLmResources.MODEL_ID, "a dog barks"));
        assertNull(reloaded.get(MiniLmResources.MODEL_ID, "a cat"));
        float[] marker = new float[384];
        marker[0] = 1f;
        reloaded.put(MiniLmResources.MODEL_ID, "marker text", marker);
        try (FrozenMiniLmTower cached = FrozenMiniLmTower.builder().optCache(reloaded).build()) {
            float[][] second = cached.encode(List.of("wind", "marker text"));
            assertArrayEquals(first[2], second[0]);
            assertArrayEquals(marker, second[1], "a cached text must not be recomputed");
            assertEquals(0, cached.computedTotal());
            assertFalse(cached.modelLoaded(), "every text was cached: the model (0.3 CPU-s to load) never loaded");
        }
    }

    @Test
    void vectorsCachedUnderAnotherModelIdAreNeverReused(@TempDir Path dir) throws Exception {
        TextEmbeddingCache cache = TextEmbeddingCache.open(dir.resolve("c.lkte"), 384);
        float[] marker = new float[384];
        marker[7] = 1f;
        for (String t : TEXTS) {
            cache.put("all-minilm-l6-v2/another-export", t, marker); // e.g. the fp32 model or an older artifact
        }
        try (FrozenMiniLmTower cached = FrozenMiniLmTower.builder().optCache(cache).build()) {
            assertEquals(MiniLmResources.MODEL_ID, cached.modelId());
            float[][] v = cached.encode(TEXTS);
            assertEquals(TEXTS.size(), cached.computedTotal());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertTrue(dot(v[i], marker) < 0.5, "text " + i + " came from the other model's cache entry");
                assertArrayEquals(tower.encode(List.of(TEXTS.get(i)))[0], v[i]);
            }
        }
        assertEquals(2 * TEXTS.size(), cache.size());
    }

    @Test
    void onlyTheProjectionHeadTrains() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            ProjectionHead head = new ProjectionHead(384, 32);
            head.initialize(manager, DataType.FLOAT32, new Shape(1, 384));
            ProjectedTextTower projected = new ProjectedTextTower(tower, head);
            assertSame(head, projected.head());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray z = projected.embed(new ParameterStore(manager, false), manager, TEXTS, true);
                assertEquals(new Shape(3, 32), z.getShape());
                gc.backward(z.square().sum());
            }
            for (Pair<String, Parameter> p : head.getParameters()) {
                assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
            }
        }
    }
}
