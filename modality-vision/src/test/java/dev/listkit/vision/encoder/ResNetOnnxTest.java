package dev.listkit.vision.encoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
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
import dev.listkit.vision.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The ResNet image tower + projection exported to ONNX (stem, basic blocks with identity and strided 1x1
 * shortcuts, token reshape, mean pooling): ONNX Runtime matches the DJL forward within 1e-4 (max abs, fp32)
 * on real Flickr8k images and on random inputs.
 */
class ResNetOnnxTest {
    @Test
    void modalityGraphMatchesDjlOnRealAndRandomImages() throws Exception {
        Modality vision = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"cifar-32\"}"));
        List<Path> files = TestImages.firstFiles(TestImages.dataDir("flickr8k/images"), "jpg", 4);
        float[] real = new float[4 * 3 * 32 * 32];
        for (int i = 0; i < 4; i++) {
            FloatTensor t = vision.load(files.get(i)); // (3, 32, 32)
            System.arraycopy(t.data(), 0, real, i * t.size(), t.size());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetEncoder encoder = new ResNetEncoder(ResNetSpec.parse(Json.parse(
                    "{\"type\":\"resnet\",\"widths\":[8,16],\"blocks\":2,\"stemStride\":1}")));
            CocaModel model = new CocaModel(encoder, 16, 24, new CocaConfig(12, Json.parse("{\"type\":\"resnet\"}"),
                    new CocaConfig.DecoderSpec(16, 1, 2, 2f, 8)), new CaptionVocabulary(LongStream.range(0, 20)
                    .toArray()), false);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32), new Shape(1, 24), new Shape(1, 8));
            OnnxTestSupport.perturb(model, m, 7);
            for (int i = 0; i < 20; i++) { // running BatchNorm statistics that follow real images, as after training
                try (NDManager step = m.newSubManager()) {
                    model.encodeModality(new ParameterStore(step, false), step.create(real, new Shape(4, 3, 32, 32)),
                            true);
                }
            }
            OnnxGraph g = new OnnxGraph("modality");
            model.exportModalityGraph(g, new long[] {3, 32, 32});
            byte[] bytes = g.toModel(Map.of(), 1);

            float[] random = new float[2 * 3 * 32 * 32];
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < random.length; i++) {
                random[i] = (float) rng.nextGaussian();
            }
            for (Object[] input : List.of(new Object[] {real, new long[] {4, 3, 32, 32}},
                    new Object[] {random, new long[] {2, 3, 32, 32}})) {
                float[] x = (float[]) input[0];
                long[] shape = (long[]) input[1];
                Map<String, float[]> ort = OnnxTestSupport.run(bytes, Map.of(OnnxNames.INPUT, input));
                NDList djl = model.encodeModality(new ParameterStore(m, false), m.create(x, new Shape(shape)), false);
                float[] e = djl.get(0).toFloatArray();
                float[] tok = djl.get(1).toFloatArray();
                assertTrue(OnnxTestSupport.maxAbs(e) > 0.01f, "vacuous: embedding near zero");
                assertTrue(tok.length == shape[0] * 16 * 16 * 16, "tokens (B, 16 x 16, 16): " + tok.length);
                float de = OnnxTestSupport.maxAbsDiff(e, ort.get(OnnxNames.EMBEDDING));
                float dt = OnnxTestSupport.maxAbsDiff(tok, ort.get(OnnxNames.TOKENS));
                assertTrue(de <= 1e-4f && dt <= 1e-4f, "B=" + shape[0] + ": embedding diff " + de + ", tokens diff "
                        + dt);
            }
        }
    }
}
