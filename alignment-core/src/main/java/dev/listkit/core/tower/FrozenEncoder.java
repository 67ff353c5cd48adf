package dev.listkit.core.tower;

import dev.listkit.core.ListkitException;
import java.util.List;

/**
 * A pretrained encoder whose weights never change (a locked tower). When {@code Modality.encoder(spec)}
 * returns one, listkit computes its outputs once per sample (and per augmentation view) into the feature
 * cache and trains only what sits on top ({@link LockedTowers}). Implementations own native resources:
 * close them.
 */
public interface FrozenEncoder extends AutoCloseable {
    /** Width D of the pooled vector and of each token. */
    int dim();

    /** Tokens T per sample. */
    int tokenCount();

    /** Outputs cached per sample (1 = the sample as loaded only). */
    int views();

    /** A hash of everything that decides the outputs (model files, settings); caches are keyed by it. */
    String hash();

    /** Class names of the classifier output, or null when there is none. */
    List<String> labels();

    /** Width K of the classifier output (0 without a classifier). */
    default int classes() {
        return labels() == null ? 0 : labels().size();
    }

    /** The top tags of one sample's classifier output (K logits); null without a classifier. */
    Tags tags(float[] logits);

    /**
     * Encodes a batch of the modality's preprocessed tensors.
     *
     * @param batch (B, sampleShape...) values, not changed
     * @param shape the batch shape
     */
    TowerOutputs encode(float[] batch, long[] shape) throws ListkitException;

    /** Releases native resources. */
    @Override
    void close();
}
