package dev.listkit.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * A trainable text tower: {@link CaptionTokenizer} + {@link TransformerTextEncoder}. Owns neither: their
 * creator closes the tokenizer and the model holding the encoder.
 */
public final class TransformerTextTower implements TextTower {
    private final CaptionTokenizer tokenizer;
    private final TransformerTextEncoder encoder;

    /** The tokenizer's maximum length must not exceed the encoder's. */
    public TransformerTextTower(CaptionTokenizer tokenizer, TransformerTextEncoder encoder) {
        if (tokenizer.maxLength() > encoder.config().maxLength()) {
            throw new IllegalArgumentException("tokenizer maxLength " + tokenizer.maxLength()
                    + " exceeds the encoder's position table " + encoder.config().maxLength());
        }
        this.tokenizer = tokenizer;
        this.encoder = encoder;
    }

    /** The trainable block. */
    public TransformerTextEncoder encoder() {
        return encoder;
    }

    @Override
    public int dim() {
        return encoder.config().outputDim();
    }

    @Override
    public NDArray embed(ParameterStore ps, NDManager manager, List<String> texts, boolean training)
            throws TextException {
        TokenizedBatch batch = tokenizer.encode(texts);
        return encoder.encode(ps, batch.idsArray(manager), batch.maskArray(manager), training); // (B, D)
    }
}
