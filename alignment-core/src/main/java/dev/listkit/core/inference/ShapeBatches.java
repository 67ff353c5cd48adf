package dev.listkit.core.inference;

import dev.listkit.core.config.CaptionStrategy;
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
    /**
     * Decoder rows run together at most (inputs × candidates or beams): a data-engine shard of 64 inputs with
     * k = 4 candidates is one decoder batch of 256 rows; the cap bounds the key/value memory of large shards.
     */
    public static final int DECODE_ROWS = 1024;

    private ShapeBatches() {
    }

    /** Inputs decoded together for {@code strategy}: {@link #DECODE_ROWS} rows' worth, at least one batch. */
    public static int decodeInputs(CaptionStrategy strategy, int batchSize) {
        int rowsPerInput = switch (strategy.kind()) {
            case "nucleus" -> strategy.candidates();
            case "beam" -> strategy.beamSize();
            default -> 1;
        };
        return Math.max(batchSize, DECODE_ROWS / Math.max(1, rowsPerInput));
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

    /**
     * Decode groups: consecutive batches of {@link #of} that share a shape, joined until a group would
     * exceed {@code maxItems} items (a batch is never split, so a group holds at least one batch). Each item
     * keeps its place in its batch as its {@code stream}, so that a decoder running a whole group can give
     * each item what it would have got in its batch.
     *
     * @param maxItems most items per group; {@code batchSize} or less gives the batches themselves
     */
    public static List<Group> groups(List<FloatTensor> items, int batchSize, int maxItems) {
        List<Group> out = new ArrayList<>();
        List<int[]> pending = new ArrayList<>();
        int size = 0;
        for (int[] batch : of(items, batchSize)) {
            boolean sameShape = pending.isEmpty() || Arrays.equals(items.get(pending.get(0)[0]).shape(),
                    items.get(batch[0]).shape());
            if (!pending.isEmpty() && (!sameShape || size + batch.length > maxItems)) {
                out.add(Group.of(pending, size));
                pending.clear();
                size = 0;
            }
            pending.add(batch);
            size += batch.length;
        }
        if (!pending.isEmpty()) {
            out.add(Group.of(pending, size));
        }
        return out;
    }

    /**
     * Items of one shape decoded together.
     *
     * @param batches the {@link #of} batches it joins, in order (item indices)
     * @param items   the item indices of every batch, concatenated
     * @param streams per entry of {@code items}, its place in its batch
     */
    public record Group(List<int[]> batches, int[] items, int[] streams) {
        static Group of(List<int[]> batches, int size) {
            int[] items = new int[size];
            int[] streams = new int[size];
            int n = 0;
            for (int[] b : batches) {
                for (int p = 0; p < b.length; p++) {
                    items[n] = b[p];
                    streams[n++] = p;
                }
            }
            return new Group(List.copyOf(batches), items, streams);
        }
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
