package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every supported WAV layout decodes to the samples that were written, within the format's precision. */
class WavDecoderTest {
    @TempDir
    Path dir;

    /** A ramp plus the two extremes the format can represent. */
    private static double[] ramp(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + 2.0 * i / n; // from -1 (inclusive) towards +1
        }
        return x;
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "sample count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "sample " + i);
        }
    }

    @ParameterizedTest(name = "{0}-bit PCM")
    @CsvSource({"8, 0.0079", "16, 3.1e-5", "24, 1.2e-7", "32, 1e-7"})
    void integerPcm(int bits, double tolerance) throws Exception {
        double[] x = ramp(1000);
        Path f = new TestWavWriter().pcm(bits).rate(16_000).write(dir.resolve("pcm" + bits + ".wav"), new double[][] {x});
        PcmAudio a = AudioDecoder.decode(f);
        assertEquals(16_000, a.sampleRateHz());
        assertClose(x, a.samples(), tolerance);
        assertEquals(-1.0, a.samples()[0], 0.0, "full-scale negative maps to exactly -1");
    }

    @Test
    void eightBitIsUnsignedWith128AsZero() throws Exception {
        Path f = dir.resolve("u8.wav");
        new TestWavWriter().pcm(8).write(f, new double[][] {{0.0, 0.5, -0.5}});
        float[] s = AudioDecoder.decode(f).samples();
        assertEquals(0.0, s[0], 0.0);
        assertEquals(0.5, s[1], 0.0);
        assertEquals(-0.5, s[2], 0.0);
    }

    @ParameterizedTest(name = "{0}-bit float")
    @ValueSource(ints = {32, 64})
    void ieeeFloat(int bits) throws Exception {
        double[] x = ramp(777);
        x[5] = 1.5; // float WAV may exceed full scale: kept as stored
        Path f = new TestWavWriter().ieeeFloat(bits).rate(48_000).write(dir.resolve("f" + bits + ".wav"), new double[][] {x});
        PcmAudio a = AudioDecoder.decode(f);
        assertEquals(48_000, a.sampleRateHz());
        assertClose(x, a.samples(), bits == 32 ? 1.2e-7 : 1e-7); // float32: half an ulp near 1
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8_000, 22_050, 44_100, 48_000, 96_000})
    void anySampleRate(int rateHz) throws Exception {
        Path f = new TestWavWriter().pcm(16).rate(rateHz).write(dir.resolve("r.wav"), new double[][] {ramp(rateHz / 10)});
        PcmAudio a = AudioDecoder.decode(f);
        assertEquals(rateHz, a.sampleRateHz());
        assertEquals(0.1, a.durationSeconds(), 1e-9);
    }

    @Test
    void stereoIsAveraged() throws Exception {
        double[] left = {0.5, -0.25, 1.0 - 1.0 / 32768};
        double[] right = {0.25, -0.75, 0.0};
        Path f = new TestWavWriter().pcm(16).write(dir.resolve("st.wav"), new double[][] {left, right});
        float[] s = AudioDecoder.decode(f).samples();
        assertClose(new double[] {0.375, -0.5, 0.5 - 0.5 / 32768}, s, 1e-7);
    }

    @Test
    void sixChannelsAreAveraged() throws Exception {
        double[][] ch = new double[6][];
        for (int c = 0; c < 6; c++) {
            ch[c] = new double[] {c / 8.0, -c / 16.0};
        }
        Path f = new TestWavWriter().pcm(24).rate(48_000).extensible().write(dir.resolve("51.wav"), ch);
        float[] s = AudioDecoder.decode(f).samples();
        // mean of 0..5 is 2.5
        assertClose(new double[] {2.5 / 8, -2.5 / 16}, s, 1e-7);
    }

    @ParameterizedTest(name = "extensible {0}-bit code {1}")
    @CsvSource({"16, 1", "24, 1", "32, 1", "32, 3", "64, 3"})
    void extensibleHeader(int bits, int subFormat) throws Exception {
        double[] x = ramp(300);
        TestWavWriter w = subFormat == 1 ? new TestWavWriter().pcm(bits) : new TestWavWriter().ieeeFloat(bits);
        Path f = w.extensible().rate(44_100).write(dir.resolve("ext.wav"), new double[][] {x, x});
        PcmAudio a = AudioDecoder.decode(f);
        assertEquals(44_100, a.sampleRateHz());
        assertClose(x, a.samples(), 3.1e-5);
    }

    @Test
    void listAndFactChunksBeforeDataAreSkipped() throws Exception {
        double[] x = {0.25, -0.5, 0.125};
        byte[] info = "INFOISFT\u0007\0\0\0listkit\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path f = new TestWavWriter().pcm(16).chunk("LIST", info).chunk("fact", new byte[] {3, 0, 0, 0})
                .write(dir.resolve("list.wav"), new double[][] {x});
        assertClose(x, AudioDecoder.decode(f).samples(), 0);
    }

    @Test
    void oddSizedChunkIsFollowedByPadByte() throws Exception {
        double[] x = {0.5, 0.25, -0.125, -1};
        Path f = new TestWavWriter().pcm(16).chunk("junk", new byte[] {1, 2, 3, 4, 5})
                .write(dir.resolve("odd.wav"), new double[][] {x});
        assertClose(x, AudioDecoder.decode(f).samples(), 0);
    }

    @Test
    void oddSizedDataChunkOf8BitMono() throws Exception {
        double[] x = {0.5, 0.25, -0.5};
        Path f = new TestWavWriter().pcm(8).chunk("LIST", new byte[3]).write(dir.resolve("odd8.wav"), new double[][] {x});
        assertClose(x, AudioDecoder.decode(f).samples(), 0);
    }

    @Test
    void decodesWavWrittenBySox() throws Exception {
        // An independent writer: SoX's 24-bit stereo output must agree with its 16-bit mono downmix.
        Path wav24 = dir.resolve("sox24.wav");
        Path wav16 = dir.resolve("sox16.wav");
        FfmpegDecoderTest.run("sox", "-n", "-r", "22050", "-b", "24", "-c", "2", wav24.toString(), "synth", "0.2",
                "sine", "440", "sine", "660", "vol", "0.5");
        FfmpegDecoderTest.run("sox", wav24.toString(), "-b", "16", "-c", "1", "-D", wav16.toString(), "remix", "1-2");
        PcmAudio a24 = AudioDecoder.decode(wav24);
        PcmAudio a16 = AudioDecoder.decode(wav16);
        assertEquals(22_050, a24.sampleRateHz());
        assertEquals(4410, a24.samples().length);
        // SoX "remix 1-2" mixes at 0.5 each (the mean), as we do.
        double[] expected = new double[a16.samples().length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = a16.samples()[i];
        }
        assertClose(expected, a24.samples(), 1.0 / 32768 + 1e-7);
    }

    @Test
    void formatIsChosenByContentNotExtension() throws Exception {
        double[] x = {0.25, -0.25};
        Path f = new TestWavWriter().pcm(16).write(dir.resolve("really-a-wav.flac"), new double[][] {x});
        // An unusable ffmpeg proves the WAV path was taken.
        PcmAudio a = AudioDecoder.decode(f, new FfmpegDecoder(dir.resolve("no-ffmpeg").toString()));
        assertClose(x, a.samples(), 0);
    }
}
