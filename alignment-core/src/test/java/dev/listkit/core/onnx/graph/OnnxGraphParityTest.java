package dev.listkit.core.onnx.graph;

import static dev.listkit.core.onnx.graph.OnnxTestSupport.maxAbs;
import static dev.listkit.core.onnx.graph.OnnxTestSupport.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.nn.PatchTransformer;
import dev.listkit.core.nn.PatchTransformerSpec;
import dev.listkit.core.util.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Each graph type against the DJL forward on a tiny model with perturbed random weights: ONNX Runtime
 * outputs within 1e-4 (max abs, fp32) of DJL's. Real-input parity of the modality graph is in
 * modality-audio's CnnEncoderOnnxTest (log-mels of real clips).
 */
class OnnxGraphParityTest {
    static final float TOL = 1e-4f;
    static final int V = 30;
    static final int L = 10;

    static CocaModel tinyModel(NDManager m, CocaConfig.TextSpec text) throws Exception {
        PatchTransformer encoder = new PatchTransformer(new PatchTransformerSpec(8, 16, 4, 4, 16, 2, 2, 2));
        CocaConfig cfg = new CocaConfig(12, Json.parse("{\"type\": \"vit\"}"),
                new CocaConfig.DecoderSpec(16, 2, 2, 2f, L), text);
        CocaModel model = new CocaModel(encoder, 16, 24, cfg, new CaptionVocabulary(LongStream.range(0, V).toArray()),
                false);
        model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 16), new Shape(1, 24), new Shape(1, L));
        OnnxTestSupport.perturb(model, m, 7);
        return model;
    }

    static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Test
    void patchTransformerModalityGraphMatchesDjl() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CocaModel model = tinyModel(m, null);
            OnnxGraph g = new OnnxGraph("modality");
            model.exportModalityGraph(g, new long[] {1, 8, 16});
            float[] x = random(new SplittableRandom(1), 3 * 8 * 16);
            Map<String, float[]> ort = OnnxTestSupport.run(g.toModel(Map.of(), 1),
                    Map.of(OnnxNames.INPUT, new Object[] {x, new long[] {3, 1, 8, 16}}));
            NDList djl = model.encodeModality(new ParameterStore(m, false), m.create(x, new Shape(3, 1, 8, 16)), false);
            float[] e = djl.get(0).toFloatArray();
            float[] t = djl.get(1).toFloatArray();
            assertTrue(maxAbs(e) > 0.01f && maxAbs(t) > 0.01f, "vacuous: outputs near zero");
            assertTrue(maxAbsDiff(e, ort.get(OnnxNames.EMBEDDING)) <= TOL, "embedding diff "
                    + maxAbsDiff(e, ort.get(OnnxNames.EMBEDDING)));
            assertTrue(maxAbsDiff(t, ort.get(OnnxNames.TOKENS)) <= TOL, "tokens diff "
                    + maxAbsDiff(t, ort.get(OnnxNames.TOKENS)));
        }
    }

    @Test
    void frozenFeatureTextProjectionMatchesDjl() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CocaModel model = tinyModel(m, null);
            OnnxGraph g = new OnnxGraph("text");
            model.exportTextGraph(g);
            float[] x = random(new SplittableRandom(2), 5 * 24);
            Map<String, float[]> ort = OnnxTestSupport.run(g.toModel(Map.of(), 1),
                    Map.of(OnnxNames.TEXT_FEATURES, new Object[] {x, new long[] {5, 24}}));
            float[] djl = model.embedText(new ParameterStore(m, false), m.create(x, new Shape(5, 24)), false)
                    .toFloatArray();
            assertTrue(maxAbs(djl) > 0.01f);
            assertTrue(maxAbsDiff(djl, ort.get(OnnxNames.EMBEDDING)) <= TOL);
        }
    }

    @Test
    void transformerTextTowerMatchesDjlCausalAndBidirectional() throws Exception {
        for (boolean causal : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                CocaModel model = tinyModel(m, new CocaConfig.TextSpec("transformer", 16, 2, 2, causal));
                OnnxGraph g = new OnnxGraph("text");
                model.exportTextGraph(g);
                long[] ids = { // right-padded rows of different lengths
                    1, 5, 9, 7, 2, 0, 0, 0,
                    1, 4, 2, 0, 0, 0, 0, 0,
                    1, 6, 8, 10, 12, 14, 16, 2};
                Map<String, float[]> ort = OnnxTestSupport.run(g.toModel(Map.of(), 1),
                        Map.of(OnnxNames.INPUT_IDS, new Object[] {ids, new long[] {3, 8}}));
                float[] djl = model.embedText(new ParameterStore(m, false), m.create(ids, new Shape(3, 8)), false)
                        .toFloatArray();
                assertTrue(maxAbs(djl) > 0.01f);
                float d = maxAbsDiff(djl, ort.get(OnnxNames.EMBEDDING));
                assertTrue(d <= TOL, "causal=" + causal + " diff " + d);
            }
        }
    }

    @Test
    void decoderStepWithPastKeyValuesMatchesTeacherForcedDjl() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CocaModel model = tinyModel(m, null);
            OnnxGraph mg = new OnnxGraph("caption_memory");
            model.decoder().exportMemoryGraph(mg);
            OnnxGraph sg = new OnnxGraph("caption_step");
            model.decoder().exportStepGraph(sg);
            byte[] memoryModel = mg.toModel(Map.of(), 1);
            byte[] stepModel = sg.toModel(Map.of(), 1);
            int b = 2;
            int tm = 5;
            float[] memory = random(new SplittableRandom(3), b * tm * 16);
            long[] tokens = {1, 7, 12, 3, 25, 9, 1, 4, 4, 28, 11, 6}; // (2, 6)
            NDArray djl = model.captionLogits(new ParameterStore(m, false), m.create(tokens, new Shape(b, 6)),
                    m.create(memory, new Shape(b, tm, 16)), false); // (2, 6, V)
            Map<String, float[]> cross = OnnxTestSupport.run(memoryModel,
                    Map.of(OnnxNames.MEMORY, new Object[] {memory, new long[] {b, tm, 16}}));
            long[] crossShape = {b, 2, tm, 8};
            // Steps of 1, 2 and 3 new tokens on a growing cache (P = 0, 1, 3).
            int[] chunks = {1, 2, 3};
            Map<String, float[]> past = new HashMap<>();
            int p = 0;
            for (int chunk : chunks) {
                long[] ids = new long[b * chunk];
                for (int r = 0; r < b; r++) {
                    System.arraycopy(tokens, r * 6 + p, ids, r * chunk, chunk);
                }
                Map<String, Object[]> in = new HashMap<>();
                in.put(OnnxNames.INPUT_IDS, new Object[] {ids, new long[] {b, chunk}});
                for (int i = 0; i < 2; i++) {
                    in.put(OnnxNames.crossKey(i), new Object[] {cross.get(OnnxNames.crossKey(i)), crossShape});
                    in.put(OnnxNames.crossValue(i), new Object[] {cross.get(OnnxNames.crossValue(i)), crossShape});
                    long[] pastShape = {b, 2, p, 8};
                    in.put(OnnxNames.pastKey(i), new Object[] {past.getOrDefault(OnnxNames.presentKey(i), new float[0]),
                        pastShape});
                    in.put(OnnxNames.pastValue(i), new Object[] {past.getOrDefault(OnnxNames.presentValue(i),
                        new float[0]), pastShape});
                }
                Map<String, float[]> out = OnnxTestSupport.run(stepModel, in);
                float[] expected = djl.get(new NDIndex(":, " + p + ":" + (p + chunk) + ", :")).toFloatArray();
                float d = maxAbsDiff(expected, out.get(OnnxNames.LOGITS));
                assertTrue(d <= TOL, "chunk at " + p + ": diff " + d);
                assertEquals(b * 2 * (p + chunk) * 8, out.get(OnnxNames.presentKey(1)).length);
                past = out;
                p += chunk;
            }
            assertTrue(maxAbs(djl.toFloatArray()) > 0.01f);
        }
    }

    @Test
    void writerProducesTheDeclaredMetadataAndOpset() throws Exception {
        OnnxGraph g = new OnnxGraph("id");
        String x = g.input("x", OnnxGraph.Type.FLOAT, "batch", 3);
        g.output(g.op("Relu", x), "y", OnnxGraph.Type.FLOAT, "batch", 3);
        byte[] bytes = g.toModel(new java.util.LinkedHashMap<>(Map.of("listkit.recipe", "{\"name\": \"t\"}")), 42);
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (var o = new ai.onnxruntime.OrtSession.SessionOptions(); var s = env.createSession(bytes, o)) {
            var meta = s.getMetadata();
            assertEquals(42, meta.getVersion());
            assertEquals("listkit", meta.getProducerName());
            assertEquals("{\"name\": \"t\"}", meta.getCustomMetadataValue("listkit.recipe").orElseThrow());
            assertEquals(List.of("x"), List.copyOf(s.getInputNames()));
            var info = (ai.onnxruntime.TensorInfo) s.getInputInfo().get("x").getInfo();
            assertEquals(-1, info.getShape()[0], "batch is dynamic");
            assertEquals(3, info.getShape()[1]);
        }
        Map<String, float[]> out = OnnxTestSupport.run(bytes, Map.of("x", new Object[] {new float[] {-1, 2, -3, 4, 5, -6},
            new long[] {2, 3}}));
        assertEquals(List.of(0f, 2f, 0f, 4f, 5f, 0f), toList(out.get("y")));
    }

    private static List<Float> toList(float[] a) {
        java.util.List<Float> l = new java.util.ArrayList<>();
        for (float v : a) {
            l.add(v);
        }
        return l;
    }
}
