package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding, batched across inputs, with or without the KV cache (the uncached path recomputes
 * the whole prefix each step and exists for checks and benchmarks). Stops a row at EOS and the batch
 * when every row has stopped. All NDArrays it makes are closed before it returns.
 */
public final class GreedySearch {
    private GreedySearch() {
    }

    /**
     * Decodes one caption per input.
     *
     * @param memory modality tokens (B, T_m, D_m); not closed
     * @param memoryKeep (B, T_m) keep-mask or null
     * @param maxNewTokens at most this many tokens per caption (EOS included), ≤ maxLength - 1
     * @return B token sequences without BOS and EOS
     */
    public static List<long[]> generate(CaptionDecoder decoder, ParameterStore ps, NDArray memory,
            NDArray memoryKeep, int maxNewTokens, boolean useCache) {
        Decoding.checkLength(decoder, maxNewTokens);
        CaptionDecoderConfig cfg = decoder.config();
        int b = (int) memory.getShape().get(0);
        long[][] history = new long[b][maxNewTokens + 1];
        boolean[] done = new boolean[b];
        for (long[] row : history) {
            row[0] = cfg.bosId();
        }
        int length = 1;
        try (NDManager scope = memory.getManager().newSubManager();
                KvCache cache = useCache ? decoder.newCache(scope) : null) {
            long[] last = new long[b];
            for (int s = 0; s < maxNewTokens; s++) {
                long[] next;
                try (NDManager step = scope.newSubManager()) {
                    for (int r = 0; r < b; r++) {
                        last[r] = history[r][length - 1];
                    }
                    NDArray logits = useCache
                            ? Decoding.cachedStep(decoder, ps, step, last, memory, memoryKeep, cache)
                            : Decoding.fullStep(decoder, ps, step, history, length, memory, memoryKeep); // (B, V)
                    next = logits.argMax(-1).toLongArray(); // (B)
                }
                boolean allDone = true;
                for (int r = 0; r < b; r++) {
                    history[r][length] = done[r] ? cfg.padId() : next[r];
                    done[r] |= next[r] == cfg.eosId();
                    allDone &= done[r];
                }
                length++;
                if (allDone) {
                    break;
                }
            }
        }
        List<long[]> out = new ArrayList<>(b);
        for (long[] row : history) {
            out.add(Decoding.strip(row, length, cfg.eosId()));
        }
        return out;
    }
}
