package dev.listkit.audio.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

class BlockFftTest {
    private static final int[] SIZES = {2, 4, 6, 8, 10, 12, 16, 18, 30, 40, 50, 64, 100, 120, 200, 256, 400, 480, 512,
        600, 1000, 1024, 2048};

    @Test
    void supportsEvenSizesWithFactorsTwoThreeFive() {
        for (int n : SIZES) {
            assertTrue(BlockFft.supports(n), "n=" + n);
        }
        for (int n : new int[] {1, 3, 511, 14, 22, 1022}) {
            assertFalse(BlockFft.supports(n), "n=" + n);
        }
    }

    @Test
    void powerMatchesJTransformsDoubleForEverySizeAndWindowPlacement() {
        for (int nFft : SIZES) {
            check(new BlockFft(nFft, 16), nFft);
        }
        for (int nFft : new int[] {511, 14, 7}) {
            check(new FrameFft(nFft, 16), nFft);
        }
    }

    /** Random signal, window of length win centred in nFft, frames 3 .. 13 (a partial block), hop 37. */
    private static void check(FrameSpectra fft, int nFft) {
        Random rnd = new Random(nFft);
        int hop = 37;
        int frames = 11;
        int t0 = 3;
        float[] signal = new float[(t0 + frames) * hop + nFft];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) rnd.nextGaussian();
        }
        int win = Math.max(1, nFft - nFft / 5);
        int winStart = (nFft - win) / 2;
        float[] window = new float[nFft];
        for (int i = winStart; i < winStart + win; i++) {
            window[i] = 0.2f + rnd.nextFloat();
        }
        Frames source = new Frames(hop, window, winStart, winStart + win);
        source.reset(signal);
        float[][] out = new float[nFft / 2 + 1][fft.block()];
        for (boolean magnitude : new boolean[] {false, true}) {
            fft.compute(source, t0, frames, out, magnitude);
            DoubleFFT_1D ref = new DoubleFFT_1D(nFft);
            for (int j = 0; j < frames; j++) {
                double[] buf = new double[nFft];
                for (int i = winStart; i < winStart + win; i++) {
                    buf[i] = (double) signal[(t0 + j) * hop + i] * window[i];
                }
                double[] p = power(ref, buf);
                double max = 0;
                for (double v : p) {
                    max = Math.max(max, v);
                }
                for (int k = 0; k < p.length; k++) {
                    double want = magnitude ? Math.sqrt(p[k]) : p[k];
                    double scale = magnitude ? Math.sqrt(max) : max;
                    assertEquals(want, out[k][j], 2e-6 * scale,
                            fft.getClass().getSimpleName() + " nFft=" + nFft + " frame " + j + " bin " + k);
                }
            }
        }
    }

    private static double[] power(DoubleFFT_1D fft, double[] a) {
        int n = a.length;
        fft.realForward(a);
        double[] p = new double[n / 2 + 1];
        p[0] = a[0] * a[0];
        for (int k = 1; k < n / 2; k++) {
            p[k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
        }
        if (n % 2 == 0) {
            p[n / 2] = a[1] * a[1];
        } else if (n > 1) {
            p[n / 2] = a[n - 1] * a[n - 1] + a[1] * a[1]; // JTransforms: Re in a[n-1], Im in a[1]
        }
        return p;
    }
}
