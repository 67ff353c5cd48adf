package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tones keep frequency and level; out-of-band tones vanish; output is deterministic and thread-safe. */
class ResamplerTest {
    private static final double AMPLITUDE = 0.5;

    @ParameterizedTest(name = "{0} Hz tone {1} -> {2} Hz")
    @CsvSource({"1000, 44100, 16000", "1000, 16000, 48000", "1000, 48000, 44100", "3000, 22050, 16000",
        "1000, 44100, 22051"})
    void toneKeepsFrequencyAndAmplitude(double toneHz, int fromHz, int toHz) {
        float[] x = Signals.toFloat(Signals.sine(toneHz, AMPLITUDE, fromHz, fromHz)); // 1 s
        float[] y = Resampler.resample(x, fromHz, toHz);
        assertEquals((long) Math.ceil(x.length * (double) toHz / fromHz), y.length);
        // Away from the zero-padded ends, y must be the same tone sampled at toHz, with the same phase.
        int from = toHz / 10;
        int to = y.length - toHz / 10;
        double[] fit = Signals.toneFit(y, toneHz, toHz, from, to);
        assertEquals(AMPLITUDE, fit[0], AMPLITUDE * 1e-3, "amplitude (within 0.01 dB)");
        assertTrue(fit[1] < AMPLITUDE * 1e-4, "residual after fitting the tone: " + fit[1] + " (> -86 dB)");
        double[] phase = toneSinCos(y, toneHz, toHz, from, to);
        assertEquals(AMPLITUDE, phase[0], AMPLITUDE * 1e-3, "in phase with the input (no delay)");
        assertEquals(0, phase[1], AMPLITUDE * 1e-3, "no quadrature component (no delay)");
    }

    /** Least-squares sin and cos coefficients (sin-only means zero phase shift). */
    private static double[] toneSinCos(float[] y, double toneHz, int rateHz, int from, int to) {
        double s = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * toneHz * i / rateHz;
            s += y[i] * Math.sin(w);
            c += y[i] * Math.cos(w);
        }
        double n = to - from;
        return new double[] {2 * s / n, 2 * c / n};
    }

    @ParameterizedTest(name = "{0} Hz tone {1} -> {2} Hz is rejected")
    @CsvSource({"10000, 44100, 16000", "8500, 44100, 16000", "12000, 48000, 22050", "20000, 44100, 16000"})
    void toneAboveNewNyquistIsStronglyAttenuated(double toneHz, int fromHz, int toHz) {
        float[] x = Signals.toFloat(Signals.sine(toneHz, AMPLITUDE, fromHz, fromHz));
        float[] y = Resampler.resample(x, fromHz, toHz);
        double rmsIn = Signals.rms(x, 0, x.length);
        double rmsOut = Signals.rms(y, toHz / 10, y.length - toHz / 10);
        double db = 20 * Math.log10(rmsOut / rmsIn);
        assertTrue(db < -90, "alias of " + toneHz + " Hz only " + db + " dB down");
    }

    @Test
    void transitionBandMatchesSoxHigh() {
        // SoX "rate -h" 44.1k -> 16k measured with sine sweeps: 7400 Hz -0.01 dB, 7600 Hz -2.85 dB,
        // 7800 Hz -25.1 dB, 7900 Hz -53 dB. Our Kaiser design should sit close to that shape.
        double[][] soxDb = {{7000, 0.0}, {7400, -0.01}, {7600, -2.85}, {7800, -25.1}};
        for (double[] point : soxDb) {
            float[] x = Signals.toFloat(Signals.sine(point[0], AMPLITUDE, 44_100, 44_100));
            float[] y = Resampler.resample(x, 44_100, 16_000);
            double gainDb = 20 * Math.log10(Signals.toneFit(y, point[0], 16_000, 1600, 14_400)[0] / AMPLITUDE);
            double tolerance = point[1] > -1 ? 0.2 : 4;
            assertEquals(point[1], gainDb, tolerance, "response at " + point[0] + " Hz");
        }
    }

    @Test
    void dcIsPreserved() {
        float[] x = new float[8000];
        java.util.Arrays.fill(x, 0.25f);
        float[] y = Resampler.resample(x, 8000, 44_100);
        for (int i = 2000; i < y.length - 2000; i++) {
            assertEquals(0.25, y[i], 1e-5, "sample " + i);
        }
    }

    @Test
    void sameRateReturnsACopy() {
        float[] x = {1, 2, 3};
        float[] y = Resampler.resample(x, 16_000, 16_000);
        assertArrayEquals(x, y);
        assertNotSame(x, y);
    }

    @Test
    void emptyAndTinyInputs() {
        assertEquals(0, Resampler.resample(new float[0], 44_100, 16_000).length);
        assertEquals(1, Resampler.resample(new float[] {0.5f}, 44_100, 16_000).length);
        assertEquals(3, Resampler.resample(new float[] {0.5f}, 16_000, 48_000).length);
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 0, 16_000));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 16_000, -1));
    }

    @Test
    void deterministicAcrossThreads() throws Exception {
        float[] x = new float[44_100];
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 0.1f;
        }
        float[] reference = Resampler.resample(x, 44_100, 16_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> Resampler.resample(x, 44_100, 16_000)));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(reference, f.get(), "bit-identical output from every thread");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
