package dev.listkit.audio.io;

/**
 * An immutable polyphase windowed-sinc filter for one rational rate change {@code up/down} (reduced),
 * and the loop that applies it. Thread-safe: the tables are never written after construction.
 *
 * <p>Output sample {@code n} sits at input time {@code t = n * down / up}. With {@code i = floor(t)} and
 * phase {@code p = (n * down) mod up}, it is {@code sum_k x[i + k] * h(k - p/up)} for
 * {@code k = -(half-1) .. half}, where {@code h} is a Kaiser-windowed sinc low-pass whose cut-off is
 * midway between the pass-band and stop-band edges (fractions of the lower Nyquist frequency); the
 * window's length and shape follow Kaiser's formulas for the requested rejection and transition width.
 * Each phase row is normalised to unit DC gain. Samples outside the input count as 0.
 *
 * <p>When {@code up} exceeds {@link #MAX_PHASES} (odd rate pairs such as 44100 to 22051 Hz) the table
 * holds {@code MAX_PHASES + 1} rows and the taps for the exact phase are interpolated linearly between
 * the two nearest rows, as libsamplerate and resampy do.
 */
final class PolyphaseFilter {
    /** Largest number of stored phase rows. */
    static final int MAX_PHASES = 1024;

    private final int up;
    private final int down;
    private final int half;
    private final int phases;
    /** (phases + 1, 2 * half) row-major; row r is for fractional offset r / phases. */
    private final float[] table;

    /**
     * Designs the filter with the Kaiser window method.
     *
     * @param up            output rate divided by the gcd of the rates
     * @param down          input rate divided by the gcd of the rates
     * @param passbandEdge  end of the flat pass band, as a fraction of the lower Nyquist frequency
     * @param stopbandEdge  start of the stop band, same unit (1.0 = no aliasing above Nyquist)
     * @param attenuationDb stop-band rejection the Kaiser design targets
     */
    PolyphaseFilter(int up, int down, double passbandEdge, double stopbandEdge, double attenuationDb) {
        this.up = up;
        this.down = down;
        double nyquist = 0.5 * Math.min(1.0, up / (double) down); // lower Nyquist, cycles per input sample
        double cutoff = 0.5 * (passbandEdge + stopbandEdge) * nyquist;
        double transition = (stopbandEdge - passbandEdge) * nyquist;
        // Kaiser (1974): length and shape for the requested rejection and transition width.
        double kaiserBeta = attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7)
                : 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
        int length = (int) Math.ceil((attenuationDb - 7.95) / (14.36 * transition));
        this.half = Math.max(2, (length + 1) / 2);
        this.phases = Math.min(up, MAX_PHASES);
        int taps = 2 * half;
        this.table = new float[(phases + 1) * taps];
        double i0Beta = besselI0(kaiserBeta);
        for (int r = 0; r <= phases; r++) {
            double frac = r / (double) phases;
            double[] row = new double[taps];
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                double t = (j - (half - 1)) - frac; // distance in input samples, in (-half, half]
                double x = t / half;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(kaiserBeta * Math.sqrt(1 - x * x)) / i0Beta;
                row[j] = 2 * cutoff * sinc(2 * cutoff * t) * window;
                sum += row[j];
            }
            for (int j = 0; j < taps; j++) {
                table[r * taps + j] = (float) (row[j] / sum);
            }
        }
    }

    /** Output length for {@code n} input samples: {@code ceil(n * up / down)}. */
    long outputLength(long n) {
        return (n * up + down - 1) / down;
    }

    /**
     * Input samples under the taps of the first {@code outSamples} outputs: output {@code n} reads
     * {@code x[i - (half - 1) .. i + half]} with {@code i = floor(n * down / up)}. With at least this many
     * samples (or all of a shorter signal) those outputs take the same arithmetic path as with the whole
     * signal, so they are bit-identical.
     */
    long inputSamplesFor(long outSamples) {
        long lastCentre = (outSamples - 1) * down / up;
        return lastCentre + half + 1;
    }

    /** Applies the filter to all of {@code x}. */
    float[] apply(float[] x) {
        long outLen = outputLength(x.length);
        if (outLen > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled signal too long: " + outLen + " samples");
        }
        float[] y = new float[(int) outLen];
        int taps = 2 * half;
        boolean exact = phases == up;
        float[] mixed = exact ? null : new float[taps];
        for (int n = 0; n < y.length; n++) {
            long pos = (long) n * down;
            int i = (int) (pos / up);
            int p = (int) (pos % up);
            float[] h;
            int off;
            if (exact) {
                h = table;
                off = p * taps;
            } else {
                double rowPos = p * (double) phases / up;
                int r = (int) rowPos;
                float w = (float) (rowPos - r);
                int a = r * taps;
                int b = a + taps;
                for (int j = 0; j < taps; j++) {
                    mixed[j] = table[a + j] + w * (table[b + j] - table[a + j]);
                }
                h = mixed;
                off = 0;
            }
            int first = i - (half - 1);
            float acc;
            if (first >= 0 && first + taps <= x.length) {
                acc = dot(x, first, h, off, taps);
            } else {
                acc = 0;
                int jFrom = Math.max(0, -first);
                int jTo = Math.min(taps, x.length - first);
                for (int j = jFrom; j < jTo; j++) {
                    acc += x[first + j] * h[off + j];
                }
            }
            y[n] = acc;
        }
        return y;
    }

    /** Dot product with four independent accumulators (taps is even, so it splits into pairs). */
    private static float dot(float[] x, int xi, float[] h, int hi, int taps) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int j = 0;
        for (; j + 3 < taps; j += 4) {
            a0 += x[xi + j] * h[hi + j];
            a1 += x[xi + j + 1] * h[hi + j + 1];
            a2 += x[xi + j + 2] * h[hi + j + 2];
            a3 += x[xi + j + 3] * h[hi + j + 3];
        }
        for (; j < taps; j++) {
            a0 += x[xi + j] * h[hi + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for beta < 20). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
