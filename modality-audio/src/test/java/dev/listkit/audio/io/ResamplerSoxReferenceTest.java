package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks 44.1 kHz to 16 kHz against SoX: the ten ESC-50 clips in {@code esc50/original-44k} were
 * resampled with SoX (high quality, clipping guard) into {@code esc50/audio}. Our output is aligned to
 * SoX's by the integer lag in ±100 samples with the highest cross-correlation, then scaled by the
 * least-squares gain: SoX's clipping guard ({@code -G}) lowers the level of clips whose resampled peaks
 * would clip (4-132816-A-26 comes back 0.65 dB quieter), so the gain is printed and must lie in
 * [0.8, 1.005]: the guard only ever lowers it. SNR = 10 log10(|sox|^2 / |sox - g * ours|^2) over the overlap must be >= 40 dB.
 */
class ResamplerSoxReferenceTest {
    private static final int MAX_LAG = 100;

    @Test
    void matchesSoxOnEsc50Originals() throws Exception {
        Path originals = RealData.require("esc50/original-44k");
        Path sox = RealData.require("esc50/audio");
        List<Path> clips = list(originals);
        assertEquals(10, clips.size(), "expected the ten 44.1 kHz ESC-50 originals in " + originals);
        double worst = Double.POSITIVE_INFINITY;
        for (Path clip : clips) {
            PcmAudio in = AudioDecoder.decode(clip);
            PcmAudio ref = AudioDecoder.decode(sox.resolve(clip.getFileName()));
            assertEquals(44_100, in.sampleRateHz(), clip.toString());
            assertEquals(16_000, ref.sampleRateHz(), clip.toString());
            float[] ours = Resampler.resample(in.samples(), 44_100, 16_000);
            assertEquals(ref.samples().length, ours.length, "length for " + clip.getFileName());
            Comparison c = compare(ref.samples(), ours);
            System.out.printf("SoX 44.1k->16k %s: SNR %.1f dB, lag %d, gain %.4f, SNR without gain fit %.1f dB%n",
                    clip.getFileName(), c.snrDb, c.lag, c.gain, c.snrUnitGainDb);
            assertTrue(c.gain >= 0.8 && c.gain <= 1.005, "gain off for " + clip + ": " + c.gain);
            assertTrue(c.snrDb >= 40, clip.getFileName() + ": SNR " + c.snrDb + " dB < 40 dB");
            worst = Math.min(worst, c.snrDb);
        }
        System.out.printf("SoX 44.1k->16k worst SNR %.1f dB over %d clips%n", worst, clips.size());
    }

    private record Comparison(int lag, double gain, double snrDb, double snrUnitGainDb) {
    }

    /** Aligns {@code ours} to {@code ref}: {@code ours[i + lag]} is compared with {@code ref[i]}. */
    private static Comparison compare(float[] ref, float[] ours) {
        int bestLag = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = -MAX_LAG; lag <= MAX_LAG; lag++) {
            double corr = 0;
            for (int i = Math.max(0, -lag); i < ref.length && i + lag < ours.length; i++) {
                corr += (double) ref[i] * ours[i + lag];
            }
            if (corr > best) {
                best = corr;
                bestLag = lag;
            }
        }
        double ro = 0;
        double oo = 0;
        double rr = 0;
        for (int i = Math.max(0, -bestLag); i < ref.length && i + bestLag < ours.length; i++) {
            ro += (double) ref[i] * ours[i + bestLag];
            oo += (double) ours[i + bestLag] * ours[i + bestLag];
            rr += (double) ref[i] * ref[i];
        }
        double gain = ro / oo;
        // |r - g o|^2 = rr - 2 g ro + g^2 oo
        double err = rr - 2 * gain * ro + gain * gain * oo;
        double errUnit = rr - 2 * ro + oo;
        return new Comparison(bestLag, gain, 10 * Math.log10(rr / err), 10 * Math.log10(rr / errUnit));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }
}
