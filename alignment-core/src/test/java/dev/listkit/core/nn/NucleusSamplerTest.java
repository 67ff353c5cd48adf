package dev.listkit.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of nucleus sampling give exactly what the plain ones gave: the partial sort draws the token the
 * full sort draws, the one-exponential softmax gives the same floats, and one batch of many inputs with their
 * stream numbers (finished rows dropped from the decoder on the way) gives each input the candidates its own smaller
 * batch gave.
 */
class NucleusSamplerTest {
    private static final CaptionDecoderConfig CFG = new CaptionDecoderConfig(50, 8, 1, 2, 2f, 20, 8, 1, 2, 0);

    @Test
    void partialSortDrawsWhatTheFullSortDraws() {
        SplittableRandom gen = new SplittableRandom(11);
        int vocab = 300;
        float[] probs = new float[vocab];
        double[] scratch = new double[vocab];
        long[] order = new long[vocab];
        int cases = 0;
        for (float topP : new float[] {0.1f, 0.5f, 0.9f, 0.95f, 0.999f, 1f}) {
            for (int trial = 0; trial < 400; trial++) {
                double sharp = new double[] {0.1, 1, 3, 8, 20}[trial % 5];
                for (int v = 0; v < vocab; v++) {
                    probs[v] = trial % 7 == 0 ? (float) Math.floor(gen.nextDouble() * 4) // many exact ties
                            : (float) (sharp * gen.nextGaussian());
                }
                Decoding.softmax(probs, 0, vocab, 0.8f, scratch);
                long seed = gen.nextLong();
                long fast = NucleusSampler.sample(probs, 0, vocab, topP, new SplittableRandom(seed), order);
                long full = NucleusSampler.sampleSorted(probs, 0, vocab, topP, new SplittableRandom(seed), order);
                assertEquals(full, fast, "topP " + topP + " trial " + trial);
                cases++;
            }
        }
        assertEquals(2400, cases);
    }

    @Test
    void softmaxGivesTheFloatsOfTheTwoPassFormula() {
        SplittableRandom gen = new SplittableRandom(3);
        float[] a = new float[3 * 97];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (5 * gen.nextGaussian());
        }
        float[] expected = a.clone();
        for (int base = 0; base < expected.length; base += 97) { // the formula of the earlier version
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < 97; v++) {
                max = Math.max(max, expected[base + v] / (double) 0.7f);
            }
            double sum = 0;
            for (int v = 0; v < 97; v++) {
                sum += Math.exp(expected[base + v] / (double) 0.7f - max);
            }
            for (int v = 0; v < 97; v++) {
                expected[base + v] = (float) (Math.exp(expected[base + v] / (double) 0.7f - max) / sum);
            }
        }
        double[] scratch = new double[97];
        for (int base = 0; base < a.length; base += 97) {
            Decoding.softmax(a, base, 97, 0.7f, scratch);
        }
        assertArrayEquals(expected, a);
    }

    @Test
    void oneBatchWithStreamsGivesWhatSmallBatchesGave() {
        int inputs = 11;
        int batch = 4;
        NucleusConfig config = new NucleusConfig(0.9f, 0.8f, 3, 77, 12);
        List<List<Hypothesis>> perBatch = new ArrayList<>();
        for (int start = 0; start < inputs; start += batch) {
            int n = Math.min(batch, inputs - start);
            perBatch.addAll(NucleusSampler.generate(new FakeDecoder(start, n), CFG, n, config));
        }
        int[] streams = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            streams[i] = i % batch;
        }
        FakeDecoder whole = new FakeDecoder(0, inputs);
        List<List<Hypothesis>> together = NucleusSampler.generate(whole, CFG, streams, config);
        assertEquals(inputs, together.size());
        int tokens = 0;
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(perBatch.get(i).get(j).tokens(), together.get(i).get(j).tokens(), i + "/" + j);
                assertEquals(perBatch.get(i).get(j).score(), together.get(i).get(j).score(), i + "/" + j);
                tokens += together.get(i).get(j).tokens().length;
            }
        }
        assertTrue(tokens > inputs * 3, "vacuous: every candidate ended at once");
        assertTrue(whole.rowsPerStep.get(whole.rowsPerStep.size() - 1) < inputs * 3,
                "finished rows were dropped from the decoder: " + whole.rowsPerStep);
        assertTrue(whole.rowsPerStep.stream().allMatch(r -> r >= NucleusSampler.MIN_ROWS), whole.rowsPerStep.toString());
    }

    @Test
    void differentStreamsGiveDifferentCandidates() {
        NucleusConfig config = new NucleusConfig(0.95f, 1f, 2, 5, 12);
        List<List<Hypothesis>> a = NucleusSampler.generate(new FakeDecoder(0, 1), CFG, new int[] {0}, config);
        List<List<Hypothesis>> b = NucleusSampler.generate(new FakeDecoder(0, 1), CFG, new int[] {7}, config);
        assertTrue(!Arrays.equals(a.get(0).get(0).tokens(), b.get(0).get(0).tokens())
                || !Arrays.equals(a.get(0).get(1).tokens(), b.get(0).get(1).tokens()));
    }

    /**
     * A decoder whose logits are a pure function of the row's input (its index in the whole input list) and the
     * tokens it was fed, so that rows are independent of what else is in the batch, as a real decoder's are.
     */
    private static final class FakeDecoder implements StepDecoder<RuntimeException> {
        private int[] input; // per row: the input it belongs to
        private long[] state; // per row: a hash of the tokens fed so far
        final List<Integer> rowsPerStep = new ArrayList<>();

        FakeDecoder(int first, int n) {
            input = new int[n];
            state = new long[n];
            for (int i = 0; i < n; i++) {
                input[i] = first + i;
            }
        }

        @Override
        public float[] step(long[] tokens) {
            rowsPerStep.add(tokens.length);
            int v = CFG.vocabSize();
            float[] logits = new float[tokens.length * v];
            for (int r = 0; r < tokens.length; r++) {
                state[r] = state[r] * 31 + tokens[r] + 1;
                SplittableRandom g = new SplittableRandom(state[r] * 1_000_003L + input[r]);
                for (int t = 0; t < v; t++) {
                    logits[r * v + t] = (float) (2 * g.nextGaussian());
                }
                logits[r * v + (int) CFG.eosId()] += (float) (0.4 * Long.bitCount(state[r]) - 4); // EOS at some point
            }
            return logits;
        }

        @Override
        public void reorder(int[] rows) {
            int[] in = new int[rows.length];
            long[] st = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                in[i] = input[rows[i]];
                st[i] = state[rows[i]];
            }
            input = in;
            state = st;
        }
    }
}
