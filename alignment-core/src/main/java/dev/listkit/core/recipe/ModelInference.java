package dev.listkit.core.recipe;

import dev.listkit.core.ListkitException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.eval.TextEmbedder;
import java.util.List;

/**
 * Inference with a trained alignment model, whatever runs it (DJL on the JVM: {@link CocaInference};
 * ONNX Runtime: an exported model directory). Evaluators, the caption and embed commands and the data
 * engine use only this interface.
 */
public interface ModelInference extends TextEmbedder {
    /** L2-normalised joint-space embeddings of modality tensors, in input order: (N, E). */
    float[][] embedModality(List<FloatTensor> items, int batchSize) throws ListkitException;

    /** L2-normalised joint-space embeddings of texts, in input order: (N, E). */
    @Override
    float[][] embed(List<String> texts) throws ListkitException;

    /** Captions by {@code strategy}: one per input for greedy and beam, {@code candidates} for nucleus. */
    List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException;
}
