package dev.listkit.core.inference;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.text.TextEmbedder;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained alignment model loaded for inference, whatever runs it: a DJL training run ({@link CocaRun}),
 * the model of a run still training ({@link CocaRun#training}) or an exported ONNX model directory
 * ({@code inference.ort.OnnxModel}). Evaluators, the embed / caption / eval commands and the data engine
 * use only this interface. Open a directory with {@code inference.runtime.InferenceModels.open}; the
 * opened model owns its native resources, close it.
 *
 * <pre>{@code
 * try (InferenceModel m = InferenceModels.open(dir, "auto", Path.of("cache"), OrtOptions.defaults())) {
 *     float[][] items = m.embedModality(features, 16);                 // (N, E), L2-normalised
 *     List<List<String>> caps = m.captions(features, 16, CaptionStrategy.greedy(20));
 * }
 * }</pre>
 */
public interface InferenceModel extends TextEmbedder, AutoCloseable {
    /** The modality the model was trained on (how its media files become features). */
    Modality modality();

    /** L2-normalised joint-space embeddings of modality tensors, in input order: (N, E). */
    float[][] embedModality(List<FloatTensor> items, int batchSize) throws ListkitException;

    /** L2-normalised joint-space embeddings of texts, in input order: (N, E). */
    @Override
    float[][] embed(List<String> texts) throws ListkitException;

    /**
     * Captions by {@code strategy}: one per input for greedy and beam, {@code candidates} for nucleus. The modality
     * encoder runs in batches of {@code batchSize}; the decoder may run several such batches at once, but every
     * input gets the captions its batch of {@code batchSize} would give (nucleus: the random streams of its place
     * in that batch).
     */
    List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException;

    /**
     * {@link #embedModality} and {@link #captions} of the same items, with one encoder forward where the runtime
     * can share it; the same numbers as the two calls.
     */
    default EmbeddedCaptions embedAndCaption(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        return new EmbeddedCaptions(embedModality(items, batchSize), captions(items, batchSize, strategy));
    }

    /** The run or model directory it was opened from. */
    Path directory();

    /** The recipe the model was trained with. */
    Recipe recipe();

    /** {@code djl} or {@code onnx}. */
    String runtime();

    @Override
    void close() throws ListkitException;
}
