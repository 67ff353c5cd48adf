package dev.listkit.audio.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.listkit.audio.TestData;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxNames;
import dev.listkit.core.onnx.graph.OnnxTestSupport;
import dev.listkit.core.util.Json;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The audio CNN tower + projection exported to ONNX: ONNX Runtime matches the DJL forward within 1e-4
 * (max abs, fp32) on log-mels of two real ESC-50 clips and on random inputs of another length (the time
 * axis is dynamic).
 */
class CnnEncoderOnnxTest {
    @Test
    void modalityGraphMatchesDjlOnRealAndRandomInputs() throws Exception {
        Modality audio = ModalityRegistry.create("audio", Json.parse("{\"preset\":\"default-16k\",\"nMels\":32}"));
        FloatTensor a = audio.load(TestData.require("esc50/audio/4-102844-A-49.wav")); // (1, 32, T)
        FloatTensor b = audio.load(TestData.require("esc50/audio/4-164064-C-1.wav"));
        assertEquals(List.of(1L, 32L), List.of(a.shape()[0], a.shape()[1]));
        try (NDManager m = NDManager.newBaseManager()) {
            CnnEncoder encoder = new CnnEncoder(new CnnEncoderConfig(List.of(8, 16)));
            CocaModel model = new CocaModel(encoder, 16, 24, new CocaConfig(12, Json.parse("{\"type\":\"cnn\"}"),
                    new CocaConfig.DecoderSpec(16, 1, 2, 2f, 8)), new CaptionVocabulary(LongStream.range(0, 20)
                    .toArray()), false);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 32, 64), new Shape(1, 24), new Shape(1, 8));
            OnnxTestSupport.perturb(model, m, 11);
            long t = a.shape()[2];
            float[] real = new float[2 * a.size()];
            System.arraycopy(a.data(), 0, real, 0, a.size());
            System.arraycopy(b.data(), 0, real, a.size(), b.size());
            // As in a trained tower, the BatchNorm running statistics follow the data (log-mels in dB).
            for (int i = 0; i < 40; i++) {
                try (NDManager step = m.newSubManager()) {
                    model.encodeModality(new ParameterStore(step, false), step.create(real, new Shape(2, 1, 32, t)),
                            true);
                }
            }
            OnnxGraph g = new OnnxGraph("modality");
            model.exportModalityGraph(g, a.shape());
            byte[] bytes = g.toModel(Map.of(), 1);

            float[] random = new float[3 * 32 * 100];
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i < random.length; i++) {
                random[i] = (float) rng.nextGaussian();
            }
            for (Object[] input : List.of(new Object[] {real, new long[] {2, 1, 32, t}},
                    new Object[] {random, new long[] {3, 1, 32, 100}})) {
                float[] x = (float[]) input[0];
                long[] shape = (long[]) input[1];
                Map<String, float[]> ort = OnnxTestSupport.run(bytes, Map.of(OnnxNames.INPUT, input));
                NDList djl = model.encodeModality(new ParameterStore(m, false), m.create(x, new Shape(shape)), false);
                float[] e = djl.get(0).toFloatArray();
                float[] tok = djl.get(1).toFloatArray();
                assertTrue(OnnxTestSupport.maxAbs(e) > 0.01f, "vacuous: embedding near zero");
                float de = OnnxTestSupport.maxAbsDiff(e, ort.get(OnnxNames.EMBEDDING));
                float dt = OnnxTestSupport.maxAbsDiff(tok, ort.get(OnnxNames.TOKENS));
                assertTrue(de <= 1e-4f && dt <= 1e-4f, "T=" + shape[3] + ": embedding diff " + de + ", tokens diff "
                        + dt + " (max |embedding| " + OnnxTestSupport.maxAbs(e) + ")");
            }
        }
    }
}
