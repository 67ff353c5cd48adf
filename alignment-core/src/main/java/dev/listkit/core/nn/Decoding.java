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

    static void checkLength(CaptionDecoderConfig config, int maxNewTokens) {
        int limit = config.maxLength() - 1;
        if (maxNewTokens < 1 || maxNewTokens > limit) {
            throw new IllegalArgumentException("maxNewTokens must be in [1, " + limit + "]: " + maxNewTokens);
        }
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

    /** Index of the first maximum of a[base .. base+n). */
    static long argMax(float[] a, int base, int n) {
        int best = 0;
        for (int v = 1; v < n; v++) {
            if (a[base + v] > a[base + best]) {
                best = v;
            }
        }
        return best;
    }

    /** In place: row-wise log-softmax of R rows of width n (computed in double, as float32 results). */
    static void logSoftmax(float[] a, int n) {
        for (int base = 0; base < a.length; base += n) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < n; v++) {
                max = Math.max(max, a[base + v]);
            }
            double sum = 0;
            for (int v = 0; v < n; v++) {
                sum += Math.exp(a[base + v] - max);
            }
            double logZ = max + Math.log(sum);
            for (int v = 0; v < n; v++) {
                a[base + v] = (float) (a[base + v] - logZ);
            }
        }
    }

    /**
     * In place: softmax of {@code a[base .. base+n) / temperature}. Each exponential is computed once and kept
     * in {@code scratch} (length ≥ n); the floats are those of computing it twice, as an earlier version did.
     */
    static void softmax(float[] a, int base, int n, float temperature, double[] scratch) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            max = Math.max(max, a[base + v] / (double) temperature);
        }
        double sum = 0;
        for (int v = 0; v < n; v++) {
            double e = Math.exp(a[base + v] / (double) temperature - max);
            scratch[v] = e;
            sum += e;
        }
        for (int v = 0; v < n; v++) {
            a[base + v] = (float) (scratch[v] / sum);
        }
    }

    /** Row indices {@code 0,..,0, 1,..,1, ...}: each of {@code inputs} rows repeated {@code times} times. */
    static int[] repeated(int inputs, int times) {
        int[] rows = new int[inputs * times];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / times;
        }
        return rows;
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
