package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * {@link StepDecoder} over a DJL {@link CaptionDecoder}: with its {@link KvCache}, or (for checks and
 * benchmarks) recomputing the whole prefix each step. Owns a sub-manager of the memory's manager holding
 * the cache and any repeated memory rows; the caller's memory is never closed. Close it.
 */
final class DjlStepDecoder implements StepDecoder<RuntimeException>, AutoCloseable {
    private final CaptionDecoder decoder;
    private final ParameterStore ps;
    private final NDManager scope;
    private final KvCache cache; // null: uncached
    private NDArray memory; // (R, T_m, D_m)
    private NDArray memoryKeep; // (R, T_m) or null
    private long[][] history; // uncached only: tokens fed so far per row
    private int length;

    DjlStepDecoder(CaptionDecoder decoder, ParameterStore ps, NDArray memory, NDArray memoryKeep, boolean useCache,
            int maxNewTokens) {
        this.decoder = decoder;
        this.ps = ps;
        this.scope = memory.getManager().newSubManager();
        this.cache = useCache ? decoder.newCache(scope) : null;
        this.memory = memory;
        this.memoryKeep = memoryKeep;
        this.history = useCache ? null : new long[(int) memory.getShape().get(0)][maxNewTokens + 1];
    }

    @Override
    public float[] step(long[] tokens) {
        try (NDManager step = scope.newSubManager()) {
            NDArray logits; // (R, V)
            if (cache != null) {
                logits = Decoding.cachedStep(decoder, ps, step, tokens, memory, memoryKeep, cache);
            } else {
                for (int r = 0; r < tokens.length; r++) {
                    history[r][length] = tokens[r];
                }
                length++;
                logits = Decoding.fullStep(decoder, ps, step, history, length, memory, memoryKeep);
            }
            return logits.toFloatArray();
        }
    }

    @Override
    public void reorder(int[] rows) {
        long[] idx = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            idx[i] = rows[i];
        }
        if (history != null) {
            long[][] next = new long[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                next[i] = history[rows[i]].clone();
            }
            history = next;
        }
        if (cache != null && cache.length() > 0) {
            try (NDManager step = scope.newSubManager()) {
                cache.reorder(step.create(idx)); // (R')
            }
            return;
        }
        // Nothing cached yet: repeat/reorder the memory rows themselves.
        NDArray rowIdx = scope.create(idx); // (R')
        memory = gather(memory, rowIdx);
        memoryKeep = memoryKeep == null ? null : gather(memoryKeep, rowIdx);
        rowIdx.close();
    }

    private NDArray gather(NDArray a, NDArray rows) {
        NDArray out = LayerCache.gatherRows(a, rows);
        out.attach(scope);
        if (a.getManager() == scope) {
            a.close(); // an earlier copy of ours
        }
        return out;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
        scope.close();
    }
}
