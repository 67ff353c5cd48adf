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
    /** Fewest decoder rows kept when finished rows are dropped (tiny batches gain nothing). */
    static final int MIN_ROWS = 8;

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
     * Nucleus sampling with a DJL decoder and its KV cache, input i drawing from the random streams of
     * {@code streams[i]} (see {@link #generate(StepDecoder, CaptionDecoderConfig, int[], NucleusConfig)}).
     *
     * @param memory (B, T_m, D_m); not closed
     * @param streams per input, its stream number
     */
    public static List<List<Hypothesis>> generate(CaptionDecoder decoder, ParameterStore ps, NDArray memory,
            NDArray memoryKeep, NucleusConfig config, int[] streams) {
        Decoding.checkLength(decoder.config(), config.maxNewTokens());
        if (streams.length != memory.getShape().get(0)) {
            throw new IllegalArgumentException(streams.length + " streams for " + memory.getShape().get(0) + " inputs");
        }
        try (DjlStepDecoder steps = new DjlStepDecoder(decoder, ps, memory, memoryKeep, true,
                config.maxNewTokens())) {
            return generate(steps, decoder.config(), streams, config);
        }
    }

    /**
     * Nucleus sampling with any step decoder; input i draws from random streams {@code i·k .. i·k + k - 1}.
     *
     * @param steps a decoder holding {@code inputs} rows, nothing decoded yet
     * @return for each input, k hypotheses scored by their summed log-probability
     */
    public static <E extends Exception> List<List<Hypothesis>> generate(StepDecoder<E> steps,
            CaptionDecoderConfig cfg, int inputs, NucleusConfig config) throws E {
        int[] streams = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            streams[i] = i;
        }
        return generate(steps, cfg, streams, config);
    }

    /**
     * Nucleus sampling with any step decoder, all inputs in one batch: input i draws its k candidates from
     * the random streams {@code streams[i]·k .. streams[i]·k + k - 1} of the seed. A caller that decodes
     * many inputs at once but numbers each input by its place in a smaller batch
     * ({@code streams[i] = i mod batch}) gets the candidates that batches of that size would give, as long
     * as the decoder computes each row independently of the others.
     *
     * <p>Rows that have emitted EOS are dropped from the decoder ({@link StepDecoder#reorder}) once at most
     * half of the rows it holds are still decoding, never below {@value #MIN_ROWS} rows; their tokens are
     * already final.
     *
     * @param steps   a decoder holding {@code streams.length} rows, nothing decoded yet
     * @param streams per input, its stream number (non-negative)
     * @return for each input, k hypotheses scored by their summed log-probability (a row's tokens after its
     *     EOS are never looked at, so finished rows need no further steps)
     */
    public static <E extends Exception> List<List<Hypothesis>> generate(StepDecoder<E> steps,
            CaptionDecoderConfig cfg, int[] streams, NucleusConfig config) throws E {
        Decoding.checkLength(cfg, config.maxNewTokens());
        int k = config.candidates();
        int b = streams.length;
        int rows = b * k;
        int vocab = cfg.vocabSize();
        long[][] history = new long[rows][config.maxNewTokens() + 1];
        double[] logProb = new double[rows];
        boolean[] done = new boolean[rows];
        SplittableRandom[] rng = new SplittableRandom[rows];
        for (int i = 0; i < b; i++) {
            if (streams[i] < 0) {
                throw new IllegalArgumentException("stream numbers must be >= 0: " + streams[i]);
            }
            for (int j = 0; j < k; j++) {
                int r = i * k + j;
                history[r][0] = cfg.bosId();
                rng[r] = new SplittableRandom(config.seed() * 1_000_003L + (long) streams[i] * k + j);
            }
        }
        int length = 1;
        steps.reorder(Decoding.repeated(b, k)); // (B·k) rows
        int[] held = new int[rows]; // decoder row → caption row
        for (int r = 0; r < rows; r++) {
            held[r] = r;
        }
        int heldRows = rows;
        int live = rows;
        long[] order = new long[vocab];
        double[] scratch = new double[vocab];
        for (int s = 0; s < config.maxNewTokens() && live > 0; s++) {
            if (live <= heldRows / 2 && heldRows > MIN_ROWS) { // drop finished rows from the decoder
                int keep = Math.max(live, Math.min(MIN_ROWS, heldRows));
                int[] kept = new int[keep];
                int[] heldNext = new int[keep];
                int n = 0;
                for (int pass = 0; pass < 2 && n < keep; pass++) { // live rows first, then finished padding
                    for (int d = 0; d < heldRows && n < keep; d++) {
                        if (done[held[d]] == (pass == 1)) {
                            kept[n] = d;
                            heldNext[n++] = held[d];
                        }
                    }
                }
                steps.reorder(kept);
                held = heldNext;
                heldRows = keep;
            }
            long[] last = new long[heldRows];
            for (int d = 0; d < heldRows; d++) {
                last[d] = history[held[d]][length - 1];
            }
            float[] logits = steps.step(last); // (R · V), R = held rows
            for (int d = 0; d < heldRows; d++) {
                int r = held[d];
                if (!done[r]) {
                    Decoding.softmax(logits, d * vocab, vocab, config.temperature(), scratch);
                    long tok = sample(logits, d * vocab, vocab, config.topP(), rng[r], order);
                    logProb[r] += Math.log(logits[d * vocab + (int) tok]);
                    history[r][length] = tok;
                    done[r] = tok == cfg.eosId();
                    live -= done[r] ? 1 : 0;
                }
            }
            length++;
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
     * Samples from the nucleus of probs[base .. base+vocab): the token {@link #sampleSorted} gives, found
     * without sorting the whole vocabulary. Only tokens of probability ≥ τ can be in the nucleus once the
     * tokens of probability ≥ τ hold at least {@code topP} of the mass, and they are the top of the sorted
     * order; so it sorts just those (for τ = (1 − topP) / 64, then (1 − topP) / (2·vocab), below which the rest
     * of the vocabulary holds at most half of 1 − topP) and checks that their mass reaches {@code topP};
     * otherwise (or for topP = 1) it sorts everything.
     */
    static long sample(float[] probs, int base, int vocab, float topP, SplittableRandom rng, long[] order) {
        if (topP < 1f) {
            for (double tau : new double[] {(1 - topP) / 64.0, (1 - topP) / (2.0 * vocab)}) {
                int m = 0;
                for (int v = 0; v < vocab; v++) {
                    float p = probs[base + v];
                    if (p >= tau) {
                        order[m++] = ((long) Float.floatToIntBits(p) << 32) | v;
                    }
                }
                Arrays.sort(order, 0, m); // ascending: the top m of the full order, in the same order
                double mass = 0;
                int first = -1;
                for (int i = m - 1; i >= 0; i--) {
                    mass += Float.intBitsToFloat((int) (order[i] >>> 32));
                    if (mass >= topP) {
                        first = i;
                        break;
                    }
                }
                if (first >= 0) {
                    return draw(order, m, first, mass, rng);
                }
            }
        }
        return sampleSorted(probs, base, vocab, topP, rng, order);
    }

    /**
     * The reference: sorts the whole vocabulary, packing (probability bits, index) into longs (for
     * non-negative floats the bit pattern orders like the value), takes the smallest top set whose mass
     * reaches {@code topP} (all of it when none does) and draws from it.
     */
    static long sampleSorted(float[] probs, int base, int vocab, float topP, SplittableRandom rng, long[] order) {
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
        return draw(order, vocab, first, mass, rng);
    }

    /** Draws from the nucleus {@code order[first .. end)} of total {@code mass}, most likely token first. */
    private static long draw(long[] order, int end, int first, double mass, SplittableRandom rng) {
        double u = rng.nextDouble() * mass;
        double acc = 0;
        for (int i = end - 1; i >= first; i--) {
            acc += Float.intBitsToFloat((int) (order[i] >>> 32));
            if (u < acc) {
                return order[i] & 0xffffffffL;
            }
        }
        return order[first] & 0xffffffffL;
    }
}
