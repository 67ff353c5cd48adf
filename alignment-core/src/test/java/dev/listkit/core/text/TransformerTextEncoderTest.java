package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.listkit.core.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

class TransformerTextEncoderTest {
    private static TransformerTextEncoder encoder(NDManager m, boolean causal, TextPooling pooling, int vocab)
            throws ConfigException {
        Engine.getInstance().setRandomSeed(11);
        TransformerTextEncoder enc = new TransformerTextEncoder(
                new TransformerTextEncoderConfig(vocab, 32, 2, 4, 4f, 16, 24, causal, pooling));
        enc.initialize(m, DataType.FLOAT32, new Shape(2, 6), new Shape(2, 6));
        return enc;
    }

    @Test
    void shapesAndPaddingInvariance() throws Exception {
        for (TextPooling pooling : TextPooling.values()) {
            for (boolean causal : new boolean[] {true, false}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    TransformerTextEncoder enc = encoder(m, causal, pooling, 40);
                    ParameterStore ps = new ParameterStore(m, false);
                    NDArray ids = m.create(new long[] {5, 6, 7, 0, 0, 0, 8, 9, 10, 11, 12, 13}, new Shape(2, 6));
                    NDArray keep = m.create(new long[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1}, new Shape(2, 6));
                    NDArray out = enc.encode(ps, ids, keep, false);
                    assertEquals(new Shape(2, 24), out.getShape());
                    // the first row padded to 6 must equal the same row unpadded (length 3)
                    NDArray alone = enc.encode(ps, m.create(new long[] {5, 6, 7}, new Shape(1, 3)),
                            m.create(new long[] {1, 1, 1}, new Shape(1, 3)), false);
                    float diff = out.get(new NDIndex("0:1, :")).sub(alone).abs().max().getFloat();
                    assertTrue(diff < 1e-5f, pooling + " causal=" + causal + " padding changed the embedding by "
                            + diff);
                }
            }
        }
    }

    @Test
    void gradientsReachEveryParameter() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerTextEncoder enc = encoder(m, true, TextPooling.EOT, 40);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray ids = m.randomInteger(1, 40, new Shape(3, 6), DataType.INT64);
                NDArray keep = m.ones(new Shape(3, 6), DataType.INT64);
                NDArray out = enc.encode(new ParameterStore(m, false), ids, keep, true);
                gc.backward(out.square().sum());
            }
            for (Pair<String, Parameter> p : enc.getParameters()) {
                float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(g > 0, "no gradient reaches " + p.getKey());
            }
        }
    }

    @Test
    void towerEmbedsCaptionsWithTheMiniLmTokenizer() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); CaptionTokenizer tok = CaptionTokenizer.miniLm(16)) {
            TransformerTextEncoder enc = encoder(m, false, TextPooling.MEAN, MiniLmResources.VOCAB_SIZE);
            TransformerTextTower tower = new TransformerTextTower(tok, enc);
            NDArray z = tower.embed(new ParameterStore(m, false), m, List.of("a dog barks", "rain on a roof today"),
                    false);
            assertEquals(new Shape(2, 24), z.getShape());
            assertEquals(24, tower.dim());
            assertThrows(TextException.class, () -> tower.embed(new ParameterStore(m, false), m, List.of(""), false));
        }
    }

    @Test
    void invalidConfigIsRejected() {
        assertThrows(ConfigException.class, () -> new TransformerTextEncoder(
                new TransformerTextEncoderConfig(40, 30, 2, 4, 4f, 16, 24, true, TextPooling.EOT)));
    }
}
