package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.Arrays;

/** Shared plumbing of the generation strategies: row expansion, one cached step, checks. */
final class Decoding {
    private Decoding() {
    }

    static void checkLength(CaptionDecoder decoder, int maxNewTokens) {
        int limit = decoder.config().maxLength() - 1;
        if (maxNewTokens < 1 || maxNewTokens > limit) {
            throw new IllegalArgumentException("maxNewTokens must be in [1, " + limit + "]: " + maxNewTokens);
        }
    }

    /**
     * Repeats each batch row {@code times} times, consecutively (row b → rows b*times .. b*times+times-1).
     * The result is attached to {@code into}. Null in, null out.
     */
    static NDArray repeatRows(NDArray a, int times, NDManager into) {
        if (a == null) {
            return null;
        }
        long b = a.getShape().get(0);
        long[] rows = new long[(int) (b * times)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / times;
        }
        NDArray idx = into.create(rows); // (B*times)
        NDArray out = LayerCache.gatherRows(a, idx);
        out.attach(into);
        return out;
    }

    /**
     * Feeds one token per row through the decoder with the cache and returns the last-position logits.
     *
     * @param step manager for this step's temporaries; memory and keep are temporarily attached to it
     * @param tokens the next input token of each of the R rows
     * @return logits (R, V) in {@code step}
     */
    static NDArray cachedStep(CaptionDecoder decoder, ParameterStore ps, NDManager step, long[] tokens,
            NDArray memory, NDArray memoryKeep, KvCache cache) {
        attachTemporarily(step, memory, memoryKeep);
        NDArray in = step.create(tokens, new Shape(tokens.length, 1)); // (R, 1)
        NDArray logits = decoder.step(ps, in, memory, memoryKeep, cache); // (R, 1, V)
        return logits.get(new NDIndex(":, 0, :")); // (R, V)
    }

    /** Full (uncached) forward on the whole prefix; returns the last-position logits (R, V) in {@code step}. */
    static NDArray fullStep(CaptionDecoder decoder, ParameterStore ps, NDManager step, long[][] history, int length,
            NDArray memory, NDArray memoryKeep) {
        attachTemporarily(step, memory, memoryKeep);
        long[] flat = new long[history.length * length];
        for (int r = 0; r < history.length; r++) {
            System.arraycopy(history[r], 0, flat, r * length, length);
        }
        NDArray in = step.create(flat, new Shape(history.length, length)); // (R, T)
        NDArray logits = decoder.forward(ps, in, memory, memoryKeep, false); // (R, T, V)
        return logits.get(new NDIndex(":, -1, :")); // (R, V)
    }

    private static void attachTemporarily(NDManager step, NDArray memory, NDArray memoryKeep) {
        // Ops on memory then allocate in the step manager; memory returns to its owner when step closes.
        if (memoryKeep == null) {
            step.tempAttachAll(memory);
        } else {
            step.tempAttachAll(memory, memoryKeep);
        }
    }

    /** history[r][0..length) with BOS dropped and everything from the first EOS on removed. */
    static long[] strip(long[] row, int length, long eosId) {
        int end = 1;
        while (end < length && row[end] != eosId) {
            end++;
        }
        return Arrays.copyOfRange(row, 1, end);
    }
}
