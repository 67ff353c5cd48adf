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
import dev.listkit.core.ConfigException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import org.junit.jupiter.api.Test;

/** The vision plugin's ViT: shapes for the CoCa model, gradients, strict spec. */
class VitEncoderTest {
    @Test
    void vitGivesPooledAndTokensAndTrains() throws Exception {
        Modality vision = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"clip-64\"}"));
        var spec = Json.parse("{\"type\":\"vit\",\"patch\":16,\"dim\":32,\"depth\":1,\"heads\":2,\"mlpRatio\":2}");
        assertEquals(32, vision.encoderDim(spec));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block vit = vision.encoder(spec);
            vit.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            NDArray x = m.randomNormal(new Shape(2, 3, 64, 64)); // (B, 3, S, S)
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = vit.forward(new ParameterStore(m, false), new NDList(x), true);
                assertArrayEquals(new long[] {2, 32}, out.get(0).getShape().getShape()); // pooled (B, D)
                assertArrayEquals(new long[] {2, 16, 32}, out.get(1).getShape().getShape()); // (B, (64/16)^2, D)
                gc.backward(out.get(0).sum());
            }
            vit.getParameters().forEach(p -> assertTrue(
                    p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey() + " gets no gradient"));
        }
    }

    @Test
    void badSpecsAreNamed() throws Exception {
        Modality vision = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"clip-64\"}"));
        ConfigException type = assertThrows(ConfigException.class,
                () -> vision.encoder(Json.parse("{\"type\":\"lstm\"}")));
        assertTrue(type.getMessage().contains("lstm") && type.getMessage().contains("vit")
                && type.getMessage().contains("resnet"), type.getMessage());
        ConfigException patch = assertThrows(ConfigException.class,
                () -> vision.encoder(Json.parse("{\"type\":\"vit\",\"patch\":7}")));
        assertTrue(patch.getMessage().contains("64x64"), patch.getMessage());
    }
}
