package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Beam search over any {@link StepDecoder} (DJL: with the KV cache), batched across inputs (B inputs × W beams = B·W cache rows).
 *
 * <p>Per step and input, the 2W best extensions of the live beams are ranked; an EOS extension within
 * the top W becomes a finished hypothesis (scored with the length penalty), the others fill the W live
 * beams. An input stops once it has W finished hypotheses ("early stopping"); at the token limit its
 * live beams are finished as they are. Returns the best finished hypothesis per input. With W = 1 this
 * is exactly greedy decoding. All NDArrays it makes are closed before it returns.
 */
public final class BeamSearch {
    private static final double DEAD = -1e30;

    private BeamSearch() {
    }

    /**
     * Beam search with a DJL decoder and its KV cache.
     *
     * @param memory (B, T_m, D_m); not closed
     * @param memoryKeep (B, T_m) keep-mask or null
     * @return the best hypothesis of each of the B inputs
     */
    public static List<Hypothesis> generate(CaptionDecoder decoder, ParameterStore ps, NDArray memory,
            NDArray memoryKeep, BeamSearchConfig config) {
        Decoding.checkLength(decoder.config(), config.maxNewTokens());
        try (DjlStepDecoder steps = new DjlStepDecoder(decoder, ps, memory, memoryKeep, true,
                config.maxNewTokens())) {
            return generate(steps, decoder.config(), (int) memory.getShape().get(0), config);
        }
    }

    /**
     * Beam search with any step decoder.
     *
     * @param steps a decoder holding {@code inputs} rows, nothing decoded yet
     * @return the best hypothesis of each input
     */
    public static <E extends Exception> List<Hypothesis> generate(StepDecoder<E> steps, CaptionDecoderConfig cfg,
            int inputs, BeamSearchConfig config) throws E {
        Decoding.checkLength(cfg, config.maxNewTokens());
        int w = config.beamSize();
        int b = inputs;
        int rows = b * w;
        int vocab = cfg.vocabSize();
        long[][] history = new long[rows][config.maxNewTokens() + 1];
        double[] beamScore = new double[rows];
        for (int r = 0; r < rows; r++) {
            history[r][0] = cfg.bosId();
            beamScore[r] = r % w == 0 ? 0 : DEAD; // identical beams at start: keep only the first alive
        }
        List<List<Hypothesis>> finished = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            finished.add(new ArrayList<>());
        }
        boolean[] done = new boolean[b];
        int length = 1;
        steps.reorder(Decoding.repeated(b, w)); // (B·W) rows
        long[] last = new long[rows];
        for (int s = 0; s < config.maxNewTokens(); s++) {
            for (int r = 0; r < rows; r++) {
                last[r] = history[r][length - 1];
            }
            float[] logp = steps.step(last); // (B·W · V)
            Decoding.logSoftmax(logp, vocab);
            int[] parent = new int[rows];
            long[] token = new long[rows];
            double[] score = new double[rows];
            int genLength = s + 1;
            for (int i = 0; i < b; i++) {
                if (done[i]) {
                    for (int j = 0; j < w; j++) {
                        parent[i * w + j] = i * w;
                        token[i * w + j] = cfg.padId();
                        score[i * w + j] = DEAD;
                    }
                    continue;
                }
                long[] cand = topCandidates(logp, beamScore, i, w, vocab); // best first
                int filled = 0;
                for (int rank = 0; rank < cand.length && filled < w; rank++) {
                    int row = (int) (cand[rank] / vocab);
                    long tok = cand[rank] % vocab;
                    double sc = beamScore[row] + logp[(int) cand[rank]];
                    if (tok == cfg.eosId()) {
                        if (rank < w && sc > DEAD / 2) {
                            finished.get(i).add(new Hypothesis(Decoding.strip(history[row], length, cfg.eosId()),
                                    sc / Math.pow(genLength, config.lengthPenalty())));
                        }
                        continue;
                    }
                    parent[i * w + filled] = row;
                    token[i * w + filled] = tok;
                    score[i * w + filled] = sc;
                    filled++;
                }
                for (; filled < w; filled++) { // fewer than W non-EOS extensions: leave the rest dead
                    parent[i * w + filled] = i * w;
                    token[i * w + filled] = cfg.padId();
                    score[i * w + filled] = DEAD;
                }
                done[i] = finished.get(i).size() >= w;
            }
            long[][] next = new long[rows][];
            for (int r = 0; r < rows; r++) {
                next[r] = history[parent[r]].clone();
                next[r][length] = token[r];
            }
            history = next;
            beamScore = score;
            length++;
            if (allTrue(done)) {
                break;
            }
            steps.reorder(parent); // (B·W)
        }
        List<Hypothesis> best = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            List<Hypothesis> hyps = finished.get(i);
            if (!done[i]) { // token limit reached: finish the live beams as they are
                for (int j = 0; j < w; j++) {
                    int r = i * w + j;
                    if (beamScore[r] > DEAD / 2) {
                        hyps.add(new Hypothesis(Decoding.strip(history[r], length, cfg.eosId()),
                                beamScore[r] / Math.pow(length - 1, config.lengthPenalty())));
                    }
                }
            }
            Hypothesis top = hyps.get(0);
            for (Hypothesis h : hyps) {
                if (h.score() > top.score()) {
                    top = h;
                }
            }
            best.add(top);
        }
        return best;
    }

    /**
     * The 2W best (row, token) extensions of input i's live beams, best first, encoded as
     * {@code row * V + token} (row is the global cache row).
     */
    private static long[] topCandidates(float[] logp, double[] beamScore, int input, int w, int vocab) {
        int k = 2 * w;
        PriorityQueue<double[]> heap = new PriorityQueue<>(k + 1, (x, y) -> Double.compare(x[0], y[0]));
        for (int j = 0; j < w; j++) {
            int row = input * w + j;
            if (beamScore[row] <= DEAD / 2) {
                continue;
            }
            int base = row * vocab;
            for (int v = 0; v < vocab; v++) {
                double sc = beamScore[row] + logp[base + v];
                if (heap.size() < k) {
                    heap.add(new double[] {sc, base + v});
                } else if (sc > heap.peek()[0]) {
                    heap.poll();
                    heap.add(new double[] {sc, base + v});
                }
            }
        }
        long[] out = new long[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = (long) heap.poll()[1];
        }
        return out;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }
}
