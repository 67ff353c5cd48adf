package dev.listkit.core.recipe;

import dev.listkit.core.ListkitException;
import java.nio.file.Path;

/**
 * A trained model opened for inference, whatever runs it: a DJL training run ({@link CocaRun}) or an
 * exported ONNX model directory ({@link dev.listkit.core.onnx.OnnxModel}). Open one with
 * {@link InferenceModels#open}; it owns its native resources, close it.
 */
public interface InferenceModel extends Evaluations.CocaRunView, AutoCloseable {
    /** The run or model directory it was opened from. */
    Path directory();

    /** The recipe the model was trained with. */
    Recipe recipe();

    /** {@code djl} or {@code onnx}. */
    String runtime();

    @Override
    void close() throws ListkitException;
}
