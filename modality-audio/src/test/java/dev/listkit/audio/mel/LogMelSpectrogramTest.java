package dev.listkit.audio.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.FloatTensor;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LogMelSpectrogramTest {
    private static float[] sine(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    @Test
    void aSineLightsTheBandAroundItsFrequency() throws Exception {
        MelConfig c = MelConfig.builder().setSampleRateHz(16_000).setNFft(1024).setHopLength(256).setNMels(40)
                .optFrequencyRangeHz(0, 8000).optMelScale(MelScale.HTK, FilterNorm.NONE).build();
        FloatTensor x = new LogMelSpectrogram(c).compute(sine(1000, 16_000, 16_000));
        int frames = (int) x.shape()[2];
        int t = frames / 2;
        int best = 0;
        for (int m = 1; m < 40; m++) {
            if (x.data()[m * frames + t] > x.data()[best * frames + t]) {
                best = m;
            }
        }
        // band m spans mel edges m .. m + 2 of 41 equal steps up to mel(8000); its peak is edge m + 1
        double step = MelScale.HTK.hzToMel(8000) / 41;
        double peakMel = MelScale.HTK.hzToMel(1000);
        assertTrue(Math.abs((best + 1) * step - peakMel) <= step, "band " + best);
        // a 0.5-amplitude sine through a periodic Hann of 1024: |X| = 0.5 * 1024 / 4 = 128 → 42.1 dB
        assertEquals(20 * Math.log10(128), x.data()[best * frames + t], 1.5);
    }

    @Test
    void preEmphasisIsAValidConvolutionBeforeTheStft() throws Exception {
        MelConfig plain = MelConfig.builder().setSampleRateHz(16_000).setNFft(512).setHopLength(160).setNMels(40)
                .optLog(1e-5).build();
        MelConfig emphasised = plain.toBuilder().optPreEmphasis(0.97).build();
        float[] x = sine(300, 16_000, 8_000);
        x[100] += 0.7f;
        float[] y = new float[x.length - 1];
        for (int n = 0; n < y.length; n++) {
            y[n] = (float) (x[n + 1] - 0.97 * x[n]);
        }
        assertEquals(new LogMelSpectrogram(plain).compute(y), new LogMelSpectrogram(emphasised).compute(x));
    }

    @Test
    void affineNormalisationFollowsTheLog() throws Exception {
        MelConfig log = MelConfig.builder().setSampleRateHz(16_000).setNFft(512).setHopLength(160).setNMels(40)
                .optLog(1e-5, 10.0).build();
        float[] x = sine(1234, 16_000, 8_000);
        float[] a = new LogMelSpectrogram(log).compute(x).data();
        float[] b = new LogMelSpectrogram(log.toBuilder().optAffine(4.5, 5.0).build()).compute(x).data();
        for (int i = 0; i < a.length; i++) {
            assertEquals((a[i] + 4.5f) / 5f, b[i], 1e-6f);
        }
        float[] nat = new LogMelSpectrogram(log.toBuilder().optLog(1e-5).build()).compute(x).data();
        assertEquals(nat[7] / Math.log(10), a[7], 1e-5); // log10 = ln / ln 10
    }

    @Test
    void kaldiFiltersLeaveTheNyquistBinOut() throws Exception {
        MelConfig c = MelPresets.get("efficientat");
        double[][] fb = MelFilterBank.of(c).dense(c.nFreqs());
        assertEquals(128, fb.length);
        int wide = 0;
        for (double[] row : fb) {
            assertEquals(0.0, row[c.nFreqs() - 1]);
            double peak = java.util.Arrays.stream(row).max().orElseThrow();
            assertTrue(peak >= 0 && peak <= 1.0, "unnormalised triangle peak " + peak);
            wide += peak > 0.5 ? 1 : 0;
        }
        // the lowest bands are narrower than one 31.25 Hz bin (about 50 mels at 0 Hz), so they catch little or
        // nothing, exactly as in torchaudio; the rest peak near 1
        assertTrue(wide > 100, wide + " bands peak above 0.5");
    }

    @Test
    void blockSizeDoesNotChangeTheResult() throws Exception {
        float[] x = sine(440, 16_000, 40_000);
        for (int i = 0; i < x.length; i += 7) {
            x[i] += 0.01f * (i % 13);
        }
        for (String preset : MelPresets.names()) {
            MelConfig c = MelPresets.get(preset);
            float[] whole = new LogMelSpectrogram(c).compute(x).data();
            for (int block : new int[] {1, 7, 64}) {
                assertArrayEquals(whole, new LogMelSpectrogram(c, block).compute(x).data(), preset + " block " + block);
            }
        }
    }

    @Test
    void reflectIndexMatchesNumpyReflect() {
        int[] expected = {3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1}; // np.pad(np.arange(5), 3, mode="reflect")
        for (int s = -3; s <= 7; s++) {
            assertEquals(expected[s + 3], LogMelSpectrogram.reflectIndex(s, 5), "s=" + s);
        }
        assertEquals(0, LogMelSpectrogram.reflectIndex(7, 1));
    }

    @Test
    void shapeAndTopDbFloorOnSilence() throws Exception {
        MelConfig c = MelPresets.get(MelPresets.DEFAULT);
        FloatTensor x = new LogMelSpectrogram(c).compute(new float[32_000]);
        assertArrayEquals(new long[] {1, 64, 201}, x.shape());
        for (float v : x.data()) {
            assertEquals(-100f, v, 1e-4f); // 10 log10(amin = 1e-10)
        }
    }

    @Test
    void threadsShareOneInstanceSafely() throws Exception {
        LogMelSpectrogram mel = new LogMelSpectrogram(MelPresets.get("whisper"));
        float[] a = sine(440, 16_000, 24_000);
        FloatTensor expected = mel.compute(a);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FloatTensor>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> mel.compute(a)));
            }
            for (Future<FloatTensor> f : fs) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
