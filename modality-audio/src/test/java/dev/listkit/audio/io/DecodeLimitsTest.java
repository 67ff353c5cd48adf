package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.MediaException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits and windows behave the same on every decoding path: WAV in Java, and ffmpeg. */
class DecodeLimitsTest {
    @TempDir
    Path dir;

    private static final DecodeLimits SMALL = new DecodeLimits(1_000, 384_000, 50_000);

    private Path file(String ext, int rateHz, int frames) throws Exception {
        double[] x = Signals.sine(440, 0.5, rateHz, frames);
        Path wav = new TestWavWriter().pcm(16).rate(rateHz).write(dir.resolve("x-" + rateHz + ".wav"),
                new double[][] {x, x});
        if (ext.equals("wav")) {
            return wav;
        }
        Path other = dir.resolve("x-" + rateHz + "." + ext);
        FfmpegDecoderTest.run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), other.toString());
        return other;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wav", "flac"})
    void wholeDecodeOverTheFrameLimitFails(String ext) throws Exception {
        Path f = file(ext, 16_000, 100_000);
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(f, SMALL, FrameWindow.ALL));
        assertEquals(f, e.path());
        assertTrue(e.reason().startsWith("audio too long to decode: "), e.reason());
        assertTrue(e.reason().contains("limit of 50000 frames"), e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wav", "flac"})
    void aWindowReturnsThePrefixAndStaysUnderTheLimit(String ext) throws Exception {
        Path f = file(ext, 16_000, 100_000);
        float[] whole = AudioDecoder.decode(f).samples();
        assertEquals(100_000, whole.length);
        for (int frames : new int[] {1, 4095, 16_000, 50_000}) {
            PcmAudio a = AudioDecoder.decode(f, SMALL, rate -> frames);
            assertEquals(16_000, a.sampleRateHz());
            assertArrayEquals(Arrays.copyOf(whole, frames), a.samples(), ext + " window " + frames);
        }
        assertThrows(MediaException.class, () -> AudioDecoder.decode(f, SMALL, rate -> 50_001),
                "a window larger than the limit is refused too");
    }

    @Test
    void aWindowLongerThanTheFileGivesTheFile() throws Exception {
        Path f = file("wav", 8_000, 1000);
        assertEquals(1000, AudioDecoder.decode(f, SMALL, rate -> 40_000).samples().length);
    }

    @Test
    void ffmpegOutputIsCheckedAgainstTheRateRange() throws Exception {
        Path f = file("flac", 44_100, 4410);
        DecodeLimits narrow = new DecodeLimits(8_000, 32_000, 1 << 20);
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(f, narrow, FrameWindow.ALL));
        assertTrue(e.reason().startsWith("implausible sample rate in header: 44100 Hz (accepted 8000 to 32000 Hz)"),
                e.reason());
    }

    @Test
    void limitsValidateThemselves() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(0, 48_000, 10));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(48_000, 16_000, 10));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1_000, 48_000, 0));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1_000, 48_000, 1L << 31));
    }
}
