package dev.listkit.audio.mel;

/**
 * Triangular mel filters stored sparsely: filter {@code m} covers bins {@code start[m] ..
 * start[m] + weights[m].length - 1}. Built exactly as torchaudio's {@code melscale_fbanks}
 * (bin frequencies {@code linspace(0, sampleRate // 2, nFreqs)}, band edges equally spaced in mels),
 * which equals librosa's {@code filters.mel} for the Slaney settings. Immutable.
 */
final class MelFilterBank {
    private final int[] start;
    private final double[][] weights;

    private MelFilterBank(int[] start, double[][] weights) {
        this.start = start;
        this.weights = weights;
    }

    static MelFilterBank of(MelConfig c) {
        int nFreqs = c.nFreqs();
        int nMels = c.nMels();
        MelScale scale = c.melScale();
        double nyquistHz = c.sampleRateHz() / 2; // integer division, as torchaudio's sample_rate // 2
        double[] binHz = new double[nFreqs];
        for (int k = 0; k < nFreqs; k++) {
            binHz[k] = nFreqs == 1 ? 0.0 : nyquistHz * k / (nFreqs - 1);
        }
        double mMin = scale.hzToMel(c.fMinHz());
        double mMax = scale.hzToMel(c.fMaxHz());
        double[] edgeHz = new double[nMels + 2];
        for (int i = 0; i < edgeHz.length; i++) {
            edgeHz[i] = scale.melToHz(mMin + (mMax - mMin) * i / (nMels + 1));
        }
        int[] start = new int[nMels];
        double[][] weights = new double[nMels][];
        for (int m = 0; m < nMels; m++) {
            double lo = edgeHz[m];
            double mid = edgeHz[m + 1];
            double hi = edgeHz[m + 2];
            double norm = c.filterNorm() == FilterNorm.SLANEY ? 2.0 / (hi - lo) : 1.0;
            double[] dense = new double[nFreqs];
            int first = -1;
            int last = -2;
            for (int k = 0; k < nFreqs; k++) {
                double down = (binHz[k] - lo) / (mid - lo); // rising edge
                double up = (hi - binHz[k]) / (hi - mid);   // falling edge
                double w = Math.max(0.0, Math.min(down, up));
                if (w > 0) {
                    dense[k] = w * norm;
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                first = 0; // an empty filter (too many mels for nFft): all-zero band, as torchaudio
            }
            start[m] = first;
            weights[m] = java.util.Arrays.copyOfRange(dense, first, last + 1);
        }
        return new MelFilterBank(start, weights);
    }

    int nMels() {
        return start.length;
    }

    /** Writes mel energies of one spectrum frame {@code spec} (nFreqs) into {@code out[m * stride + offset]}. */
    void apply(double[] spec, double[] out, int stride, int offset) {
        for (int m = 0; m < start.length; m++) {
            double[] w = weights[m];
            int s = start[m];
            double acc = 0.0;
            for (int j = 0; j < w.length; j++) {
                acc += w[j] * spec[s + j];
            }
            out[m * stride + offset] = acc;
        }
    }

    /** Dense copy (nMels, nFreqs), for tests. */
    double[][] dense(int nFreqs) {
        double[][] d = new double[start.length][nFreqs];
        for (int m = 0; m < start.length; m++) {
            System.arraycopy(weights[m], 0, d[m], start[m], weights[m].length);
        }
        return d;
    }
}
