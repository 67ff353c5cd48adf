package dev.listkit.core.train.coca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.nn.CaptionDecoder;
import dev.listkit.core.nn.CaptionDecoderConfig;
import org.junit.jupiter.api.Test;

/**
 * The training step cuts the columns that are padding in every caption of the batch: the causal decoder's
 * loss is the same with and without them (so the cut only saves time).
 */
class PaddingTrimTest {
    private static final long[] TOKENS = { // (3, 8): BOS … EOS, then PAD; the longest row ends at index 5
        1, 7, 8, 2, 0, 0, 0, 0,
        1, 9, 9, 7, 8, 2, 0, 0,
        1, 2, 0, 0, 0, 0, 0, 0};

    @Test
    void usedLengthIsOnePastTheLastRealTokenOfAnyRow() {
        assertEquals(6, CocaStepFunction.usedLength(TOKENS, 3, 8));
        assertEquals(4, CocaStepFunction.usedLength(TOKENS, 1, 8));
        assertEquals(2, CocaStepFunction.usedLength(new long[] {1, 0, 0, 0}, 1, 4), "never below BOS + one target");
        assertEquals(4, CocaStepFunction.usedLength(new long[] {1, 5, 6, 2}, 1, 4));
    }

    @Test
    void theCaptionLossIgnoresTrailingPaddingColumns() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CaptionDecoder d = new CaptionDecoder(new CaptionDecoderConfig(10, 16, 2, 2, 2f, 8, 6,
                    CaptionVocabulary.BOS, CaptionVocabulary.EOS, CaptionVocabulary.PAD));
            d.initialize(m, DataType.FLOAT32, new Shape(3, 7), new Shape(3, 4, 6));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray memory = m.randomNormal(new Shape(3, 4, 6)); // (B, T, Dm)
            NDArray tok = m.create(TOKENS, new Shape(3, 8)); // (B, L)
            CaptionLoss loss = new CaptionLoss(CaptionVocabulary.PAD, 0.1);
            float full = loss.compute(d.forward(ps, tok.get(new NDIndex(":, :-1")), memory, null, true),
                    tok.get(new NDIndex(":, 1:"))).getFloat();
            NDArray cut = tok.get(new NDIndex(":, :6"));
            float trimmed = loss.compute(d.forward(ps, cut.get(new NDIndex(":, :-1")), memory, null, true),
                    cut.get(new NDIndex(":, 1:"))).getFloat();
            assertEquals(full, trimmed, 1e-5f);
        }
    }
}
