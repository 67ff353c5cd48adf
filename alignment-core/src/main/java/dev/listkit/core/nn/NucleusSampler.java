package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Nucleus (top-p) sampling of k candidate captions per input, with temperature, over any {@link StepDecoder} (DJL: with the KV cache),
 * batched across inputs (B·k cache rows). Each row has its own random stream derived from the seed and
 * its (input, candidate) position, so results do not depend on what else is in the batch. All NDArrays
 * it makes are closed before it returns.
 */
public final class NucleusSampler {
    private NucleusSampler() {
    }

    /**
     * Nucleus sampling with a DJL decoder and its KV cache.
     *
     * @param memory (B, T_m, D_m); not closed
     * @param memoryKeep (B, T_m) keep-mask or null
     * @return for each of the B inputs, k hypotheses scored by their summed log-probability under the
     *     tempered distribution
     */
    public static List<List<Hypothesis>> generate(CaptionDecoder decoder, ParameterStore ps, NDArray memory,
            NDArray memoryKeep, NucleusConfig config) {
        Decoding.checkLength(decoder.config(), config.maxNewTokens());
        try (DjlStepDecoder steps = new DjlStepDecoder(decoder, ps, memory, memoryKeep, true,
                config.maxNewTokens())) {
            return generate(steps, decoder.config(), (int) memory.getShape().get(0), config);
        }
    }

    /**
     * Nucleus sampling with any step decoder.
     *
     * @param steps a decoder holding {@code inputs} rows, nothing decoded yet
     * @return for each input, k hypotheses scored by their summed log-probability
     */
    public static <E extends Exception> List<List<Hypothesis>> generate(StepDecoder<E> steps,
            CaptionDecoderConfig cfg, int inputs, NucleusConfig config) throws E {
        Decoding.checkLength(cfg, config.maxNewTokens());
        int k = config.candidates();
        int b = inputs;
        int rows = b * k;
        int vocab = cfg.vocabSize();
        long[][] history = new long[rows][config.maxNewTokens() + 1];
        double[] logProb = new double[rows];
        boolean[] done = new boolean[rows];
        SplittableRandom[] rng = new SplittableRandom[rows];
        for (int r = 0; r < rows; r++) {
            history[r][0] = cfg.bosId();
            rng[r] = new SplittableRandom(config.seed() * 1_000_003L + r);
        }
        int length = 1;
        steps.reorder(Decoding.repeated(b, k)); // (B·k) rows
        long[] last = new long[rows];
        long[] order = new long[vocab];
        for (int s = 0; s < config.maxNewTokens(); s++) {
            for (int r = 0; r < rows; r++) {
                last[r] = history[r][length - 1];
            }
            float[] probs = steps.step(last); // (B·k · V)
            Decoding.softmax(probs, vocab, config.temperature());
            boolean allDone = true;
            for (int r = 0; r < rows; r++) {
                long tok = cfg.padId();
                if (!done[r]) {
                    tok = sample(probs, r * vocab, vocab, config.topP(), rng[r], order);
                    logProb[r] += Math.log(probs[r * vocab + (int) tok]);
                    done[r] = tok == cfg.eosId();
                }
                history[r][length] = tok;
                allDone &= done[r];
            }
            length++;
            if (allDone) {
                break;
            }
        }
        List<List<Hypothesis>> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            List<Hypothesis> cands = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                int r = i * k + j;
                cands.add(new Hypothesis(Decoding.strip(history[r], length, cfg.eosId()), logProb[r]));
            }
            out.add(cands);
        }
        return out;
    }

    /**
     * Samples from the nucleus of probs[base .. base+vocab). Sorting packs (probability bits, index)
     * into longs: for non-negative floats the bit pattern orders like the value.
     */
    static long sample(float[] probs, int base, int vocab, float topP, SplittableRandom rng, long[] order) {
        for (int v = 0; v < vocab; v++) {
            order[v] = ((long) Float.floatToIntBits(probs[base + v]) << 32) | v;
        }
        Arrays.sort(order, 0, vocab); // ascending probability
        double mass = 0;
        int first = vocab - 1; // nucleus = order[first .. vocab)
        for (int i = vocab - 1; i >= 0; i--) {
            mass += Float.intBitsToFloat((int) (order[i] >>> 32));
            first = i;
            if (mass >= topP) {
                break;
            }
        }
        double u = rng.nextDouble() * mass;
        double acc = 0;
        for (int i = vocab - 1; i >= first; i--) {
            acc += Float.intBitsToFloat((int) (order[i] >>> 32));
            if (u < acc) {
                return order[i] & 0xffffffffL;
            }
        }
        return order[first] & 0xffffffffL;
    }
}
