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

/** The vision plugin's ResNet: shapes for the CoCa model, gradients to every parameter, strict spec. */
class ResNetEncoderTest {
    @Test
    void resnetGivesPooledAndTokensAndTrains() throws Exception {
        Modality vision = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"clip-64\"}"));
        var spec = Json.parse("{\"type\":\"resnet\",\"widths\":[8,16,24],\"blocks\":2,\"stemStride\":2}");
        assertEquals(24, vision.encoderDim(spec));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = vision.encoder(spec);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            // 64 -> stem /2 -> 32 -> stage 2 /2 -> 16 -> stage 3 /2 -> 8: 64 tokens
            assertArrayEquals(new long[] {3, 64, 24}, net.getOutputShapes(new Shape[] {new Shape(3, 3, 64, 64)})[1]
                    .getShape());
            NDArray x = m.randomNormal(new Shape(2, 3, 64, 64)); // (B, 3, S, S)
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(m, false), new NDList(x), true);
                assertArrayEquals(new long[] {2, 24}, out.get(0).getShape().getShape()); // pooled (B, D)
                assertArrayEquals(new long[] {2, 64, 24}, out.get(1).getShape().getShape()); // tokens (B, 8*8, D)
                // pooled is the token mean
                assertTrue(out.get(1).mean(new int[] {1}).sub(out.get(0)).abs().max().getFloat() < 1e-5f);
                gc.backward(out.get(0).mul(m.randomNormal(new Shape(2, 24))).sum());
            }
            net.getParameters().forEach(p -> {
                if (p.getValue().requiresGradient()) {
                    assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0,
                            p.getKey() + " gets no gradient");
                }
            });
            // Inference (running BN statistics) keeps the shapes, also for an odd size (ceil halving).
            NDList eval = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 3, 50, 50))),
                    false);
            assertArrayEquals(new long[] {1, 7 * 7, 24}, eval.get(1).getShape().getShape()); // 50 -> 25 -> 13 -> 7
        }
    }

    @Test
    void defaultsAndBadSpecs() throws Exception {
        ResNetSpec d = ResNetSpec.parse(Json.parse("{\"type\":\"resnet\"}"));
        assertEquals(128, d.dim());
        assertEquals(8, d.gridSide(32)); // stride-1 stem, two halvings
        ConfigException widths = assertThrows(ConfigException.class,
                () -> ResNetSpec.parse(Json.parse("{\"type\":\"resnet\",\"widths\":[]}")));
        assertTrue(widths.getMessage().contains("widths"), widths.getMessage());
        ConfigException stride = assertThrows(ConfigException.class,
                () -> ResNetSpec.parse(Json.parse("{\"type\":\"resnet\",\"stemStride\":4}")));
        assertTrue(stride.getMessage().contains("stemStride"), stride.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ResNetSpec.parse(Json.parse("{\"type\":\"resnet\",\"depth\":3}")));
        assertTrue(unknown.getMessage().contains("depth") && unknown.getMessage().contains("widths"),
                unknown.getMessage());
    }
}
