package dev.listkit.core.loader;

import dev.listkit.core.data.FloatTensor;
import java.util.Arrays;
import java.util.List;

/**
 * One batch from a {@link SampleLoader}: the samples' tensors stacked along a new leading axis.
 *
 * @param epoch  the epoch this batch belongs to
 * @param index  position of the batch within its epoch (0, 1, ...)
 * @param data   stacked values, row-major, {@code (B, ...)}; owned by the caller
 * @param shape  {@code (B, ...)}: batch size then the modality's sample shape
 * @param ids    the sample ids, in batch order ({@code ids.size() == shape[0]})
 */
public record Batch(int epoch, int index, float[] data, long[] shape, List<String> ids) {
    public Batch {
        ids = List.copyOf(ids);
        if (shape.length == 0 || shape[0] != ids.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match "
                    + ids.size() + " ids");
        }
    }

    /** Number of samples in this batch (the last batch of an epoch may be smaller). */
    public int size() {
        return ids.size();
    }

    /** The batch as a tensor (shares {@link #data}). */
    public FloatTensor tensor() {
        return new FloatTensor(data, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b && epoch == b.epoch && index == b.index && Arrays.equals(data, b.data)
                && Arrays.equals(shape, b.shape) && ids.equals(b.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(data) + Arrays.hashCode(shape)) + ids.hashCode();
    }

    @Override
    public String toString() {
        return "Batch[epoch=" + epoch + ", index=" + index + ", shape=" + Arrays.toString(shape) + "]";
    }
}
