package dev.listkit.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * The text side of a contrastive model: a batch of texts → embeddings (B, D) in the joint space.
 *
 * <pre>{@code
 * try (NDManager batch = manager.newSubManager()) {
 *     NDArray text = tower.embed(ps, batch, captions, true); // (B, D)
 *     ...
 * }
 * }</pre>
 *
 * The returned array belongs to {@code manager}; closing that manager frees it.
 */
public interface TextTower {
    /** Output width D. */
    int dim();

    /**
     * Embeds texts.
     *
     * @param training whether gradients are recorded for trainable parts
     * @return (B, D) float32, owned by {@code manager}
     * @throws TextException on a blank text or a tokenizer/model failure
     */
    NDArray embed(ParameterStore ps, NDManager manager, List<String> texts, boolean training) throws TextException;
}
