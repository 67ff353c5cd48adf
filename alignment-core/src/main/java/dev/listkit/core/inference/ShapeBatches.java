package dev.listkit.core.inference;

import dev.listkit.core.data.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batching by shape, shared by the DJL and ONNX Runtime inference: items of different shapes (e.g. clips of
 * different lengths) go to different batches, items of one shape are stacked into one {@code (B, ...)}
 * array. Batches follow the items sorted by shape; results are written back by item index.
 */
public final class ShapeBatches {
    private ShapeBatches() {
    }

    /** Batches of item indices that share a shape, at most {@code batchSize} items each. */
    public static List<int[]> of(List<FloatTensor> items, int batchSize) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        order.sort((p, q) -> Arrays.compare(items.get(p).shape(), items.get(q).shape()));
        List<int[]> out = new ArrayList<>();
        int start = 0;
        while (start < order.size()) {
            long[] shape = items.get(order.get(start)).shape();
            int end = start;
            while (end < order.size() && end - start < batchSize
                    && Arrays.equals(items.get(order.get(end)).shape(), shape)) {
                end++;
            }
            int[] idx = new int[end - start];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = order.get(start + k);
            }
            out.add(idx);
            start = end;
        }
        return out;
    }

    /** The data of items {@code idx} (one shape), concatenated: a (B, ...) array in row-major order. */
    public static float[] stack(List<FloatTensor> items, int[] idx) {
        int size = items.get(idx[0]).size();
        float[] data = new float[idx.length * size];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(items.get(idx[k]).data(), 0, data, k * size, size);
        }
        return data;
    }

    /** The batch shape {@code (B, ...)} of items {@code idx} (one shape). */
    public static long[] shape(List<FloatTensor> items, int[] idx) {
        long[] shape = items.get(idx[0]).shape();
        long[] full = new long[shape.length + 1];
        full[0] = idx.length;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }
}
