package dev.listkit.core.onnx.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rewrite's bookkeeping and refusals. That the rewritten MiniLM gives batch-independent vectors identical to
 * one-text runs of the original is tested with the real captions in {@code FrozenMiniLmTowerTest}.
 */
class PerSampleQuantizationTest {
    private static byte[] quantisedMiniLm() throws Exception {
        try (InputStream in = PerSampleQuantizationTest.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            assertNotNull(in, "the langchain4j MiniLM artifact is on the test class path");
            return in.readAllBytes();
        }
    }

    @Test
    void rewritesEveryQuantizerOfTheQuantisedMiniLmAndRefusesToRewriteTwice() throws Exception {
        PerSampleQuantization.Result r = PerSampleQuantization.rewrite(quantisedMiniLm());
        assertEquals(24, r.quantizers(), "4 per layer, 6 layers");
        assertEquals(36, r.matMuls(), "Q, K, V, attention output, two feed-forward per layer");
        OnnxGraphException again = assertThrows(OnnxGraphException.class,
                () -> PerSampleQuantization.rewrite(r.model()));
        assertTrue(again.getMessage().contains(PerSampleQuantization.PREFIX), again.getMessage());
    }

    @Test
    void aGraphWithoutDynamicQuantizationComesBackUnchanged() throws Exception {
        OnnxGraph g = new OnnxGraph("plain");
        String x = g.input("x", OnnxGraph.Type.FLOAT, "batch", 4);
        g.output(g.op("Relu", x), "y", OnnxGraph.Type.FLOAT, "batch", 4);
        byte[] model = g.toModel(Map.of(), 1);
        PerSampleQuantization.Result r = PerSampleQuantization.rewrite(model);
        assertSame(model, r.model());
        assertEquals(0, r.quantizers());
    }

    @Test
    void aQuantizerFeedingAnythingButMatMulIntegerIsRefusedByName() throws Exception {
        OnnxGraph g = new OnnxGraph("odd");
        String x = g.input("x", OnnxGraph.Type.FLOAT, "batch", "time", 4);
        String[] q = g.ops("DynamicQuantizeLinear", 3, List.of(), x);
        String y = g.op("Cast", List.of(OnnxGraph.Attr.i("to", OnnxGraph.Type.FLOAT.code())), q[0]);
        g.output(y, "y", OnnxGraph.Type.FLOAT, "batch", "time", 4);
        OnnxGraphException e = assertThrows(OnnxGraphException.class,
                () -> PerSampleQuantization.rewrite(g.toModel(Map.of(), 1)));
        assertTrue(e.getMessage().contains("feeds Cast"), e.getMessage());
    }

    @Test
    void malformedBytesAreAnErrorNotACrash() {
        byte[] junk = {0x3A, 0x7F, 0x01}; // field 7 (graph) claiming 127 bytes, 1 present
        OnnxGraphException e = assertThrows(OnnxGraphException.class, () -> PerSampleQuantization.rewrite(junk));
        assertTrue(e.getMessage().contains("claims 127 bytes"), e.getMessage());
    }
}
