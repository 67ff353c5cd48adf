package dev.listkit.core.tower;

/**
 * What a modality plugin supplies to a frozen ONNX encoder: the shape of its preprocessed tensors and the
 * element-wise mapping from them to the model's input (e.g. undoing the modality's image normalisation and
 * applying the model's own). The core does everything else ({@link OnnxTower}).
 *
 * <pre>{@code
 * TowerInput in = new TowerInput("vision", new long[] {3, 224, 224},
 *         (data, shape) -> renormalise(data, shape), "imagenet mean/std",
 *         "set modality.config.imageSize to the model's input size");
 * }</pre>
 *
 * @param modality    the modality id, for messages
 * @param sampleShape one preprocessed sample without the batch axis, as {@code Modality.sampleShape()}
 * @param transform   maps a batch in place to the model's input, or null when the tensors are the input
 * @param fingerprint what the transform does (part of the tower's cache key)
 * @param hint        one sentence appended to shape mismatch errors, telling the user what to change
 */
public record TowerInput(String modality, long[] sampleShape, Transform transform, String fingerprint, String hint) {
    public TowerInput {
        sampleShape = sampleShape.clone();
        fingerprint = fingerprint == null ? "identity" : fingerprint;
        hint = hint == null ? "" : hint;
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** Maps a batch of modality tensors to the model input. */
    @FunctionalInterface
    public interface Transform {
        /**
         * @param batch (B, sampleShape...) values, changed in place
         * @param shape the batch's shape
         */
        void apply(float[] batch, long[] shape);
    }
}
