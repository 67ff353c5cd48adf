package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding, batched across inputs, over any {@link StepDecoder}; the DJL entry point runs with or
 * without the KV cache (the uncached path recomputes the whole prefix each step and exists for checks and
 * benchmarks). Stops a row at EOS and the batch when every row has stopped. All NDArrays it makes are
 * closed before it returns.
 */
public final class GreedySearch {
    private GreedySearch() {
    }

    /**
     * Decodes one caption per input with a DJL decoder.
     *
     * @param memory modality tokens (B, T_m, D_m); not closed
     * @param memoryKeep (B, T_m) keep-mask or null
     * @param maxNewTokens at most this many tokens per caption (EOS included), ≤ maxLength - 1
     * @return B token sequences without BOS and EOS
     */
    public static List<long[]> generate(CaptionDecoder decoder, ParameterStore ps, NDArray memory,
            NDArray memoryKeep, int maxNewTokens, boolean useCache) {
        Decoding.checkLength(decoder.config(), maxNewTokens);
        try (DjlStepDecoder steps = new DjlStepDecoder(decoder, ps, memory, memoryKeep, useCache, maxNewTokens)) {
            return generate(steps, decoder.config(), (int) memory.getShape().get(0), maxNewTokens);
        }
    }

    /**
     * Decodes one caption per input with any step decoder.
     *
     * @param steps a decoder holding {@code inputs} rows, nothing decoded yet
     * @param cfg vocabulary size, special tokens and maximum length
     * @return {@code inputs} token sequences without BOS and EOS
     */
    public static <E extends Exception> List<long[]> generate(StepDecoder<E> steps, CaptionDecoderConfig cfg,
            int inputs, int maxNewTokens) throws E {
        Decoding.checkLength(cfg, maxNewTokens);
        int b = inputs;
        int vocab = cfg.vocabSize();
        long[][] history = new long[b][maxNewTokens + 1];
        boolean[] done = new boolean[b];
        for (long[] row : history) {
            row[0] = cfg.bosId();
        }
        int length = 1;
        long[] last = new long[b];
        for (int s = 0; s < maxNewTokens; s++) {
            for (int r = 0; r < b; r++) {
                last[r] = history[r][length - 1];
            }
            float[] logits = steps.step(last); // (B · V)
            boolean allDone = true;
            for (int r = 0; r < b; r++) {
                long next = Decoding.argMax(logits, r * vocab, vocab);
                history[r][length] = done[r] ? cfg.padId() : next;
                done[r] |= next == cfg.eosId();
                allDone &= done[r];
            }
            length++;
            if (allDone) {
                break;
            }
        }
        List<long[]> out = new ArrayList<>(b);
        for (long[] row : history) {
            out.add(Decoding.strip(row, length, cfg.eosId()));
        }
        return out;
    }
}
