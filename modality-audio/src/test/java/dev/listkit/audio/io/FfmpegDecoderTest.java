package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listkit.core.MediaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Non-WAV containers go through ffmpeg; files are made at test time from a WAV we write. */
class FfmpegDecoderTest {
    @TempDir
    Path dir;

    /**
     * Runs an external tool and requires success. Outside CI a missing tool skips the test; on CI
     * ({@code CI=true}) it fails, because CI installs ffmpeg and sox.
     */
    static void run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            assumeTrue(false, command[0] + " not installed (skipping outside CI)");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + " failed: " + out);
    }

    private Path stereoTone(int rateHz) throws IOException {
        double[] l = Signals.sine(440, 0.5, rateHz, rateHz / 2);
        double[] r = Signals.sine(440, 0.3, rateHz, rateHz / 2);
        return new TestWavWriter().pcm(16).rate(rateHz).write(dir.resolve("tone.wav"), new double[][] {l, r});
    }

    @Test
    void flacIsLosslessAndKeepsNativeRate() throws Exception {
        Path wav = stereoTone(22_050);
        Path flac = dir.resolve("tone.flac");
        run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), flac.toString());
        PcmAudio expected = AudioDecoder.decode(wav);
        PcmAudio got = AudioDecoder.decode(flac);
        assertEquals(22_050, got.sampleRateHz(), "native rate, no resampling");
        assertEquals(expected.samples().length, got.samples().length);
        for (int i = 0; i < got.samples().length; i++) {
            assertEquals(expected.samples()[i], got.samples()[i], 1e-7, "sample " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ogg", "mp3"})
    void lossyContainersDecodeToTheTone(String ext) throws Exception {
        Path wav = stereoTone(44_100);
        Path lossy = dir.resolve("tone." + ext);
        run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), "-b:a", "192k", lossy.toString());
        PcmAudio got = AudioDecoder.decode(lossy);
        assertEquals(44_100, got.sampleRateHz());
        float[] s = got.samples();
        // Encoder delay/padding may change the length slightly; the tone (mean of 0.5 and 0.3) must survive.
        assertTrue(Math.abs(s.length - 22_050) < 3000, "length " + s.length);
        double[] fit = Signals.toneFit(s, 440, 44_100, 4000, 18_000);
        assertEquals(0.4, fit[0], 0.02, "440 Hz amplitude after " + ext);
        assertTrue(fit[1] < 0.02, "residual " + fit[1]);
    }

    @Test
    void missingFfmpegIsAClearError() throws Exception {
        Path wav = stereoTone(16_000);
        Path flac = dir.resolve("tone.flac");
        run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), flac.toString());
        FfmpegDecoder absent = new FfmpegDecoder(dir.resolve("no-such-ffmpeg").toString());
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(flac, absent));
        assertEquals(flac, e.path());
        assertTrue(e.reason().contains("ffmpeg is required"), e.getMessage());
        assertTrue(e.getMessage().startsWith(flac.toString()), e.getMessage());
    }

    @Test
    void missingFfmpegDoesNotMatterForWav() throws Exception {
        Path wav = stereoTone(16_000);
        FfmpegDecoder absent = new FfmpegDecoder(dir.resolve("no-such-ffmpeg").toString());
        assertEquals(8000, AudioDecoder.decode(wav, absent).samples().length);
    }

    @Test
    void garbageIsRejectedByFfmpegWithTheReason() throws Exception {
        run("ffmpeg", "-version");
        Path junk = Files.write(dir.resolve("junk.ogg"), List.of("this is not audio at all, just text"));
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(junk));
        assertEquals(junk, e.path());
        assertTrue(e.reason().startsWith("ffmpeg could not decode it"), e.getMessage());
        assertTrue(e.reason().indexOf('\n') < 0, "one line: " + e.reason());
    }
}
