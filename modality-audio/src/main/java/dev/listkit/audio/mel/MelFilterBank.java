package dev.listkit.audio.mel;

/**
 * Triangular mel filters stored sparsely: filter {@code m} covers bins {@code start[m] ..
 * start[m] + weights[m].length - 1}. Built exactly as torchaudio's {@code melscale_fbanks}
 * (bin frequencies {@code linspace(0, sampleRate // 2, nFreqs)}, band edges equally spaced in mels),
 * which equals librosa's {@code filters.mel} for the Slaney settings, or, for {@link MelScale#KALDI}, as
 * {@code torchaudio.compliance.kaldi.get_mel_banks} (see there). Immutable.
 */
final class MelFilterBank {
    private final int[] start;
    private final double[][] weights;
    private final float[][] weightsF; // the same in float, for apply

    private MelFilterBank(int[] start, double[][] weights) {
        this.start = start;
        this.weights = weights;
        this.weightsF = new float[weights.length][];
        for (int m = 0; m < weights.length; m++) {
            weightsF[m] = new float[weights[m].length];
            for (int k = 0; k < weights[m].length; k++) {
                weightsF[m][k] = (float) weights[m][k];
            }
        }
    }

    static MelFilterBank of(MelConfig c) {
        if (c.melScale() == MelScale.KALDI) {
            return kaldi(c);
        }
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

    /**
     * {@code torchaudio.compliance.kaldi.get_mel_banks(nMels, nFft, sampleRate, fMin, fMax, vtln_warp_factor=1)}
     * step by step in float32 as torch computes it (edges {@code low + (m + j) * delta}, bin mels
     * {@code 1127 ln(1 + (sampleRate / nFft) k / 700)}, slopes), padded with a zero Nyquist column. The float32
     * bank differs from an exact one by up to 1.3e-5 per weight, which would be a third of EfficientAT's
     * 1e-4 parity budget; emulated, the only differences left are 1-ulp logs (torch's vectorised
     * {@code log} against the correctly rounded one), under 1e-5 in a handful of weights.
     */
    private static MelFilterBank kaldi(MelConfig c) {
        int nMels = c.nMels();
        int nFreqs = c.nFreqs();
        int nBins = c.nFft() / 2;
        double melLow = 1127.0 * Math.log(1.0 + c.fMinHz() / 700.0); // python floats: double
        double melHigh = 1127.0 * Math.log(1.0 + c.fMaxHz() / 700.0);
        float delta = (float) ((melHigh - melLow) / (nMels + 1));
        float low = (float) melLow;
        float binWidthHz = (float) ((double) c.sampleRateHz() / c.nFft());
        float[] binMel = new float[nBins];
        for (int k = 0; k < nBins; k++) {
            float hz = binWidthHz * k;
            binMel[k] = 1127.0f * (float) Math.log(1.0f + hz / 700.0f);
        }
        int[] start = new int[nMels];
        double[][] weights = new double[nMels][];
        for (int m = 0; m < nMels; m++) {
            float left = low + m * delta;
            float center = low + (m + 1.0f) * delta;
            float right = low + (m + 2.0f) * delta;
            float rise = center - left;
            float fall = right - center;
            double[] dense = new double[nFreqs];
            int first = -1;
            int last = -2;
            for (int k = 0; k < nBins; k++) {
                float up = (binMel[k] - left) / rise;
                float down = (right - binMel[k]) / fall;
                float w = Math.max(0f, Math.min(up, down));
                if (w > 0) {
                    dense[k] = w;
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                first = 0;
            }
            start[m] = first;
            weights[m] = java.util.Arrays.copyOfRange(dense, first, last + 1);
        }
        return new MelFilterBank(start, weights);
    }

    int nMels() {
        return start.length;
    }

    /**
     * Mel energies of band {@code m} for {@code frames} frames: {@code acc[j] = sum_k w[m][k] spec[k][j]} from
     * spectrum rows {@code spec[bin][frame]} (loops over frames, vectorised by C2).
     */
    void band(int m, float[][] spec, int frames, float[] acc) {
        java.util.Arrays.fill(acc, 0, frames, 0f);
        float[] w = weightsF[m];
        int s = start[m];
        for (int k = 0; k < w.length; k++) {
            float wk = w[k];
            float[] row = spec[s + k];
            for (int j = 0; j < frames; j++) {
                acc[j] += wk * row[j];
            }
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
