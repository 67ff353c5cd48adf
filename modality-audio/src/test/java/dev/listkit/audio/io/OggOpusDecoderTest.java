package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.MediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process Ogg Opus decoder against ffmpeg: the reference libopus decoder ({@code ffmpeg -c:a
 * libopus}) sample by sample, ffmpeg's built-in decoder (what the ffmpeg path used before) in length and
 * spectrum; RFC 7845 timing (pre-skip, end trimming, gain) on files encoded here; damaged files.
 */
class OggOpusDecoderTest {
    @TempDir
    Path dir;

    /** Every 90th clip of the pool (24 clips over the three folds), sorted by path. */
    static List<Path> poolSample() throws IOException {
        Path root = RealData.require("urbansound8k-opus/audio");
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(p -> p.toString().endsWith(".ogg")).sorted().toList();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 90) {
            out.add(all.get(i));
        }
        return out;
    }

    /** Decodes with ffmpeg's libopus (the reference decoder) into a WAV that our WAV decoder reads. */
    private PcmAudio libopus(Path ogg) throws Exception {
        Path wav = dir.resolve(ogg.getFileName() + ".libopus.wav");
        FfmpegDecoderTest.run("ffmpeg", "-v", "error", "-y", "-c:a", "libopus", "-i", ogg.toString(),
                "-c:a", "pcm_f32le", wav.toString());
        return AudioDecoder.decode(wav);
    }

    static double snrDb(float[] reference, float[] x) {
        double s = 0;
        double e = 0;
        for (int i = 0; i < reference.length; i++) {
            s += (double) reference[i] * reference[i];
            double d = (double) x[i] - reference[i];
            e += d * d;
        }
        return 10 * Math.log10(s / Math.max(e, 1e-30));
    }

    static double melDiff(float[] a, float[] b) throws Exception {
        dev.listkit.audio.mel.LogMelSpectrogram m = new dev.listkit.audio.mel.LogMelSpectrogram(
                dev.listkit.audio.mel.MelPresets.get("laion-clap"));
        float[] x = m.compute(a).data();
        float[] y = m.compute(b).data();
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d += Math.abs(x[i] - y[i]);
        }
        return d / x.length;
    }

    static double rmsDiff(float[] a, float[] b) {
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            e += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
        }
        return Math.sqrt(e / a.length);
    }

    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    @Test
    void realPoolMatchesTheReferenceDecoderAndFfmpegsLength() throws Exception {
        List<Path> clips = poolSample();
        assertEquals(24, clips.size());
        double worstSnr = Double.MAX_VALUE;
        double worstMel = 0;
        double worstExcess = -Double.MAX_VALUE;
        for (Path clip : clips) {
            PcmAudio ours = AudioDecoder.decode(clip);
            PcmAudio reference = libopus(clip);
            PcmAudio builtin = AudioDecoder.decodeWithFfmpeg(clip, DecodeLimits.DEFAULT, FrameWindow.ALL);
            assertEquals(48_000, ours.sampleRateHz());
            assertEquals(reference.samples().length, ours.samples().length, "length vs libopus: " + clip);
            assertEquals(builtin.samples().length, ours.samples().length, "length vs ffmpeg: " + clip);
            double snr = snrDb(reference.samples(), ours.samples());
            double mel = melDiffDb(reference.samples(), ours.samples());
            // How far each is from ffmpeg's own decoder: ours must be no further than libopus itself.
            double excess = melDiffDb(builtin.samples(), ours.samples())
                    - melDiffDb(builtin.samples(), reference.samples());
            worstSnr = Math.min(worstSnr, snr);
            worstMel = Math.max(worstMel, mel);
            worstExcess = Math.max(worstExcess, excess);
            assertTrue(snr >= 40, clip + ": SNR vs libopus " + snr + " dB");
            assertTrue(mel <= 0.1, clip + ": log-mel mean |difference| vs libopus " + mel + " dB");
            assertTrue(excess <= 0.05, clip + ": log-mel distance to ffmpeg's decoder exceeds libopus's by "
                    + excess + " dB");
        }
        System.out.printf(Locale.ROOT, "Opus pool, %d clips: worst SNR vs libopus %.1f dB, worst log-mel mean "
                + "|diff| vs libopus %.3f dB, worst excess over libopus in log-mel distance to ffmpeg's built-in "
                + "decoder %.3f dB%n", clips.size(), worstSnr, worstMel, worstExcess);
    }

    /** Mean absolute difference of the LAION-CLAP log-mels (48 kHz, 64 mels, dB) of two signals. */
    static double melDiffDb(float[] a, float[] b) throws Exception {
        dev.listkit.audio.mel.LogMelSpectrogram m = new dev.listkit.audio.mel.LogMelSpectrogram(
                dev.listkit.audio.mel.MelPresets.get("laion-clap"));
        float[] x = m.compute(a).data();
        float[] y = m.compute(b).data();
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d += Math.abs(x[i] - y[i]);
        }
        return d / x.length;
    }

    /** Encodes {@code x} (per channel, at {@code rateHz}) with libopus into an Ogg Opus file. */
    private Path encode(String name, int rateHz, double[][] x, String... extra) throws Exception {
        Path wav = new TestWavWriter().ieeeFloat(32).rate(rateHz).write(dir.resolve(name + ".wav"), x);
        Path ogg = dir.resolve(name + ".opus");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", wav.toString(),
                "-c:a", "libopus", "-b:a", "96k"));
        cmd.addAll(List.of(extra));
        cmd.add(ogg.toString());
        FfmpegDecoderTest.run(cmd.toArray(String[]::new));
        return ogg;
    }

    @Test
    void preSkipAndEndTrimmingGiveTheEncodedLength() throws Exception {
        int n = 48_000 + 123; // not a whole number of 20 ms frames: the last page is trimmed
        Path ogg = encode("tone48", 48_000, new double[][] {Signals.sine(440, 0.5, 48_000, n)});
        PcmAudio a = AudioDecoder.decode(ogg);
        assertEquals(n, a.samples().length, "pre-skip dropped, end trimmed to the granule position");
        double[] fit = Signals.toneFit(a.samples(), 440, 48_000, 4000, 44_000);
        assertEquals(0.5, fit[0], 0.01, "440 Hz amplitude");
        assertTrue(fit[1] < 0.01, "residual " + fit[1]);
        assertTrue(snrDb(libopus(ogg).samples(), a.samples()) > 60);
    }

    @Test
    void lowerInputRateStillDecodesAt48kHz() throws Exception {
        int n = 16_000 + 7;
        Path ogg = encode("tone16", 16_000, new double[][] {Signals.sine(300, 0.4, 16_000, n)});
        PcmAudio a = AudioDecoder.decode(ogg);
        PcmAudio ref = libopus(ogg);
        assertEquals(48_000, a.sampleRateHz());
        assertEquals(ref.samples().length, a.samples().length);
        assertTrue(Math.abs(a.samples().length - 3 * n) <= 3, "length " + a.samples().length);
        assertTrue(snrDb(ref.samples(), a.samples()) > 60);
    }

    @Test
    void stereoIsAveragedLikeTheReference() throws Exception {
        int n = 24_000;
        Path ogg = encode("stereo", 48_000, new double[][] {Signals.sine(440, 0.5, 48_000, n),
                Signals.sine(660, 0.3, 48_000, n)});
        PcmAudio a = AudioDecoder.decode(ogg);
        PcmAudio ref = libopus(ogg); // stereo WAV, averaged by the WAV decoder
        assertEquals(n, a.samples().length);
        assertTrue(snrDb(ref.samples(), a.samples()) > 60, "SNR " + snrDb(ref.samples(), a.samples()));
        assertEquals(0.25, Signals.toneFit(a.samples(), 440, 48_000, 2000, 22_000)[0], 0.01);
        assertEquals(0.15, Signals.toneFit(a.samples(), 660, 48_000, 2000, 22_000)[0], 0.01);
    }

    @Test
    void outputGainIsApplied() throws Exception {
        Path ogg = encode("gain", 48_000, new double[][] {Signals.sine(440, 0.2, 48_000, 9600)});
        byte[] b = Files.readAllBytes(ogg);
        int body = OggFiles.bodyOffset(b, 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(body + 16, (short) (6 * 256)); // +6 dB, Q7.8
        Path louder = Files.write(dir.resolve("louder.opus"), OggFiles.fixCrcs(b));
        float[] plain = AudioDecoder.decode(ogg).samples();
        float[] gained = AudioDecoder.decode(louder).samples();
        double factor = Math.pow(10, 6 / 20.0);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i] * factor, gained[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void aWindowIsThePrefixOfTheWholeDecode() throws Exception {
        Path clip = poolSample().get(3);
        float[] whole = AudioDecoder.decode(clip).samples();
        for (int frames : new int[] {1, 959, 960, 961, 48_000, whole.length, whole.length + 5000}) {
            float[] head = AudioDecoder.decode(clip, DecodeLimits.DEFAULT, rate -> frames).samples();
            assertArrayEquals(Arrays.copyOf(whole, Math.min(frames, whole.length)), head, "window " + frames);
        }
    }

    @Test
    void frameLimitIsCheckedBeforeDecoding() throws Exception {
        Path clip = poolSample().get(0);
        DecodeLimits small = new DecodeLimits(1_000, 384_000, 10_000);
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(clip, small, FrameWindow.ALL));
        assertEquals(clip, e.path());
        assertTrue(e.reason().contains("audio too long to decode: 192000 frames"), e.reason());
        assertEquals(10_000, AudioDecoder.decode(clip, small, rate -> 10_000).samples().length,
                "a window inside the limit is fine");
    }

    @Test
    void multichannelOpusFallsBackToFfmpeg() throws Exception {
        double[][] quad = new double[4][]; // four full-band channels (5.1 would low-pass the LFE)
        for (int c = 0; c < 4; c++) {
            quad[c] = Signals.sine(440, 0.3, 48_000, 9600);
        }
        Path ogg = encode("quad", 48_000, quad, "-af", "aformat=channel_layouts=quad", "-mapping_family", "1");
        PcmAudio a = AudioDecoder.decode(ogg);
        assertEquals(48_000, a.sampleRateHz());
        assertEquals(9600, a.samples().length);
        double[] fit = Signals.toneFit(a.samples(), 440, 48_000, 2000, 8000);
        assertTrue(fit[0] > 0.2 && fit[1] < 0.02, "the tone survives: " + Arrays.toString(fit));
        try (ByteSource src = ByteSource.of(Files.readAllBytes(ogg))) {
            assertThrows(OggPageReader.UnsupportedLayoutException.class,
                    () -> OggOpusDecoder.decode(ogg, src, DecodeLimits.DEFAULT, FrameWindow.ALL),
                    "mapping family 1 is left to ffmpeg");
        }
    }

    private MediaException damaged(String name, byte[] bytes, String words) throws IOException {
        Path f = Files.write(dir.resolve(name), bytes);
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(f), name);
        assertEquals(f, e.path());
        assertTrue(e.reason().contains(words), "expected '" + words + "' in: " + e.reason());
        assertTrue(e.reason().indexOf('\n') < 0, e.reason());
        return e;
    }

    @Test
    void damagedFilesAreNamedErrors() throws Exception {
        byte[] ok = Files.readAllBytes(poolSample().get(1));
        List<Integer> pages = OggFiles.pageOffsets(ok);
        int middle = pages.get(pages.size() / 2);
        damaged("cut.ogg", Arrays.copyOf(ok, middle + 40), "truncated Ogg stream");
        damaged("cut-at-page.ogg", Arrays.copyOf(ok, middle), "lacks the end-of-stream flag");
        byte[] flipped = ok.clone();
        flipped[middle + 100] ^= 0x10;
        damaged("crc.ogg", flipped, "corrupt Ogg page at byte " + middle);
        byte[] gap = new byte[ok.length - (pages.get(pages.indexOf(middle) + 1) - middle)];
        System.arraycopy(ok, 0, gap, 0, middle);
        System.arraycopy(ok, pages.get(pages.indexOf(middle) + 1), gap, middle, ok.length - pages.get(pages.indexOf(middle) + 1));
        damaged("gap.ogg", gap, "pages missing");
        byte[] longer = ok.clone();
        OggFiles.setGranule(longer, pages.get(pages.size() - 1), 10_000_000);
        damaged("granule.ogg", OggFiles.fixCrcs(longer), "claims 9999688 samples but the packets hold 192648");
        byte[] shorter = ok.clone();
        OggFiles.setGranule(shorter, pages.get(pages.size() - 1), 100);
        damaged("pre-skip.ogg", OggFiles.fixCrcs(shorter), "does not exceed the pre-skip");
    }
}
