package dev.listkit.audio.encoder;

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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.listkit.core.ConfigException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EncoderTest {
    private static final Shape INPUT = new Shape(2, 1, 32, 48); // (B, 1, F, T)

    private static NDList run(Block net, NDManager m, long seed, boolean training) {
        Engine.getInstance().setRandomSeed((int) seed);
        net.initialize(m, DataType.FLOAT32, INPUT);
        NDArray x = m.randomNormal(INPUT);
        return net.forward(new ParameterStore(m, false), new NDList(x), training);
    }

    @Test
    void cnnShapesAndTokens() throws ConfigException {
        CnnEncoderConfig cfg = new CnnEncoderConfig(List.of(4, 8, 16)).validate();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = run(new CnnEncoder(cfg), m, 1, false);
            assertEquals(new Shape(2, 16), out.get(0).getShape()); // (B, D)
            assertEquals(new Shape(2, 6, 16), out.get(1).getShape()); // (B, T/8, D)
            assertArrayEquals(new CnnEncoder(cfg).getOutputShapes(new Shape[] {INPUT}),
                    new Shape[] {out.get(0).getShape(), out.get(1).getShape()});
            // pooled = max + mean of the tokens over time
            NDArray expect = out.get(1).max(new int[] {1}).add(out.get(1).mean(new int[] {1}));
            assertArrayEquals(expect.toFloatArray(), out.get(0).toFloatArray(), 1e-5f);
        }
        assertEquals(128, CnnEncoderConfig.slim().dim());
        assertEquals(512, CnnEncoderConfig.gpu().dim());
        assertThrows(ConfigException.class, () -> new CnnEncoderConfig(List.of()).validate());
    }

    @Test
    void transformerShapes() throws ConfigException {
        PatchTransformerConfig cfg = new PatchTransformerConfig(32, 48, 8, 8, 24, 2, 3, 2).validate();
        assertEquals(24, cfg.tokens());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = run(new PatchTransformerEncoder(cfg), m, 1, false);
            assertEquals(new Shape(2, 24), out.get(0).getShape()); // (B, D)
            assertEquals(new Shape(2, 24, 24), out.get(1).getShape()); // (B, N, D)
            assertArrayEquals(out.get(1).mean(new int[] {1}).toFloatArray(), out.get(0).toFloatArray(), 1e-5f);
        }
        assertThrows(ConfigException.class, () -> new PatchTransformerConfig(30, 48, 8, 8, 24, 2, 3, 2).validate());
        assertThrows(ConfigException.class, () -> new PatchTransformerConfig(32, 48, 8, 8, 25, 2, 3, 2).validate());
    }

    private static void assertGradientsReachEveryParameter(Supplier<Block> factory) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = factory.get();
            Engine.getInstance().setRandomSeed(3);
            net.initialize(m, DataType.FLOAT32, INPUT);
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            NDArray x = m.randomNormal(INPUT);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(m, false), new NDList(x), true);
                gc.backward(out.get(0).square().sum().add(out.get(1).square().sum()));
            }
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    float norm = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(norm > 0 && Float.isFinite(norm), p.getKey() + " gradient " + norm);
                }
            }
        }
    }

    @Test
    void gradientsFlowToEveryParameter() {
        assertGradientsReachEveryParameter(() -> new CnnEncoder(new CnnEncoderConfig(List.of(4, 8))));
        assertGradientsReachEveryParameter(() -> new PatchTransformerEncoder(
                new PatchTransformerConfig(32, 48, 8, 8, 12, 1, 2, 2)));
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        PatchTransformerConfig tcfg = new PatchTransformerConfig(32, 48, 8, 8, 12, 1, 2, 2);
        CnnEncoderConfig ccfg = new CnnEncoderConfig(List.of(4, 8));
        for (Supplier<Block> f : List.<Supplier<Block>>of(() -> new CnnEncoder(ccfg),
                () -> new PatchTransformerEncoder(tcfg))) {
            try (NDManager m = NDManager.newBaseManager()) {
                float[] a = run(f.get(), m, 11, false).get(1).toFloatArray();
                float[] b = run(f.get(), m, 11, false).get(1).toFloatArray();
                float[] c = run(f.get(), m, 12, false).get(1).toFloatArray();
                assertArrayEquals(a, b, 0f);
                assertTrue(!java.util.Arrays.equals(a, c));
            }
        }
    }
}
