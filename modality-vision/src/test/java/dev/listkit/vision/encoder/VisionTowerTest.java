package dev.listkit.vision.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.tower.FrozenOnnxEncoder;
import dev.listkit.core.util.Json;
import dev.listkit.vision.transform.Normalization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core frozen ONNX encoder with the vision plugin's preprocessing ({@link VisionTower}) on a tiny generated
 * model ({@code scripts/make_tiny_onnx.py}): outputs match PyTorch's after re-normalisation, shapes for the CoCa
 * model, no gradient into the backbone, and bad models or mismatched inputs/outputs named with expected vs found.
 */
class VisionTowerTest {
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode reference;

    @BeforeAll
    static void copyModel() throws Exception {
        model = tmp.resolve("tiny-backbone.onnx");
        try (InputStream in = VisionTowerTest.class.getResourceAsStream("/onnx/tiny-backbone.onnx")) {
            Files.copy(in, model);
        }
        try (InputStream in = VisionTowerTest.class.getResourceAsStream("/onnx/tiny-backbone-reference.json")) {
            reference = Json.MAPPER.readTree(in);
        }
    }

    private static ObjectNode spec() throws Exception {
        return (ObjectNode) Json.parse("{\"type\":\"onnx\",\"model\":\"" + model + "\",\"tokensOutput\":\"tokens\","
                + "\"preprocess\":{\"mean\":[0.485,0.456,0.406],\"std\":[0.229,0.224,0.225]}}");
    }

    private static Modality vision16() throws Exception {
        // CLIP normalisation in the modality; the backbone wants ImageNet's: the block converts.
        return ModalityRegistry.create("vision", Json.parse("{\"preset\":\"clip-64\",\"imageSize\":16}"));
    }

    /** The reference image normalised as the vision modality (CLIP mean/std) would: (1, 3, 16, 16). */
    private static float[] clipNormalisedImage() {
        float[] mean = Normalization.CLIP.meanArray();
        float[] std = Normalization.CLIP.stdArray();
        float[] x = new float[3 * 16 * 16];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int xx = 0; xx < 16; xx++) {
                    float raw = ((7 * c + 3 * y + 5 * xx) % 17) / 16f;
                    x[(c * 16 + y) * 16 + xx] = (raw - mean[c]) / std[c];
                }
            }
        }
        return x;
    }

    @Test
    void matchesPyTorchAndGivesPooledAndTokens() throws Exception {
        Modality vision = vision16();
        assertEquals(8, vision.encoderDim(spec()));
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = vision.encoder(spec());
            block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertArrayEquals(new long[] {2, 16, 8},
                    block.getOutputShapes(new Shape[] {new Shape(2, 3, 16, 16)})[1].getShape());
            NDArray x = m.create(clipNormalisedImage(), new Shape(1, 3, 16, 16)); // (B, 3, S, S)
            NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            assertArrayEquals(new long[] {1, 8}, out.get(0).getShape().getShape()); // pooled (B, D)
            assertArrayEquals(new long[] {1, 16, 8}, out.get(1).getShape().getShape()); // tokens (B, T, D)
            float[] tokens = out.get(1).toFloatArray();
            JsonNode ref = reference.get("tokens");
            for (int t = 0; t < 16; t++) {
                for (int d = 0; d < 8; d++) {
                    assertEquals(ref.get(t).get(d).floatValue(), tokens[t * 8 + d], 2e-5f, "token " + t + ", " + d);
                }
            }
            // Default pooling is the token mean; the model's own pooled output is used when named.
            assertTrue(out.get(1).mean(new int[] {1}).sub(out.get(0)).abs().max().getFloat() < 1e-6f);
            ObjectNode withPooled = spec();
            withPooled.put("pooledOutput", "pooled");
            Block pooledBlock = vision.encoder(withPooled);
            pooledBlock.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            float[] pooled = pooledBlock.forward(new ParameterStore(m, false), new NDList(x), false).get(0)
                    .toFloatArray();
            for (int d = 0; d < 8; d++) {
                assertEquals(reference.get("pooled").get(d).floatValue(), pooled[d], 2e-5f, "pooled " + d);
            }
            ((FrozenOnnxEncoder) block).close();
            ((FrozenOnnxEncoder) pooledBlock).close();
        }
    }

    @Test
    void isFrozenInsideATrainingStep() throws Exception {
        Modality vision = vision16();
        try (NDManager m = NDManager.newBaseManager();
                FrozenOnnxEncoder block = (FrozenOnnxEncoder) vision.encoder(spec())) {
            block.initialize(m, DataType.FLOAT32, new Shape(3, 3, 16, 16));
            assertTrue(block.getParameters().isEmpty(), "a frozen backbone has no trainable parameters");
            NDArray x = m.randomNormal(new Shape(3, 3, 16, 16));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDList out = block.forward(new ParameterStore(m, false), new NDList(x), true);
                assertArrayEquals(new long[] {3, 16, 8}, out.get(1).getShape().getShape()); // batch of 3
                assertTrue(!out.get(0).hasGradient() && !out.get(1).hasGradient());
            }
        }
    }

    @Test
    void badModelsAndMismatchesAreNamed() throws Exception {
        Modality vision = vision16();
        Path notAModel = tmp.resolve("not-a-model.onnx");
        Files.writeString(notAModel, "this is not a protobuf");
        ObjectNode s = spec();
        s.put("model", notAModel.toString());
        ConfigException bad = assertThrows(ConfigException.class, () -> vision.encoder(s));
        assertTrue(bad.getMessage().contains(notAModel.toString()) && bad.getMessage().contains("not an ONNX model"),
                bad.getMessage());

        s.put("model", tmp.resolve("missing.onnx").toString());
        ConfigException missing = assertThrows(ConfigException.class, () -> vision.encoderDim(s));
        assertTrue(missing.getMessage().contains("missing.onnx") && missing.getMessage().contains("not found"),
                missing.getMessage());

        Modality vision64 = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"clip-64\"}"));
        ConfigException shape = assertThrows(ConfigException.class, () -> vision64.encoder(spec()));
        assertTrue(shape.getMessage().contains(model.toString()) && shape.getMessage().contains("[?, 3, 16, 16]")
                && shape.getMessage().contains("[?, 3, 64, 64]") && shape.getMessage().contains("imageSize"),
                shape.getMessage());

        ObjectNode input = spec();
        input.put("input", "image");
        ConfigException in = assertThrows(ConfigException.class, () -> vision.encoder(input));
        assertTrue(in.getMessage().contains("'image'") && in.getMessage().contains("[pixels]"), in.getMessage());

        ObjectNode output = spec();
        output.put("tokensOutput", "last_hidden_state");
        ConfigException out = assertThrows(ConfigException.class, () -> vision.encoder(output));
        assertTrue(out.getMessage().contains(model.toString()) && out.getMessage().contains("last_hidden_state")
                && out.getMessage().contains("tokens") && out.getMessage().contains("pooled"), out.getMessage());

        ObjectNode pooledAsTokens = spec();
        pooledAsTokens.put("pooledOutput", "tokens");
        ConfigException p = assertThrows(ConfigException.class, () -> vision.encoder(pooledAsTokens));
        assertTrue(p.getMessage().contains("[1, 16, 8]") && p.getMessage().contains("[1, D]"), p.getMessage());

        ObjectNode unknown = spec();
        unknown.put("layers", 3);
        ConfigException u = assertThrows(ConfigException.class, () -> vision.encoder(unknown));
        assertTrue(u.getMessage().contains("layers") && u.getMessage().contains("pooledOutput"), u.getMessage());
        ObjectNode noMean = spec();
        ((ObjectNode) noMean.get("preprocess")).remove("mean");
        ConfigException nm = assertThrows(ConfigException.class, () -> vision.encoder(noMean));
        assertTrue(nm.getMessage().contains("'mean' and 'std'"), nm.getMessage());
        ObjectNode extra = spec();
        ((ObjectNode) extra.get("preprocess")).put("inputSize", 16);
        ConfigException ex = assertThrows(ConfigException.class, () -> vision.encoder(extra));
        assertTrue(ex.getMessage().contains("inputSize") && ex.getMessage().contains("preprocess"), ex.getMessage());
    }
}
