package dev.listkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.io.PcmAudio;
import dev.listkit.audio.io.Resampler;
import dev.listkit.core.MediaException;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link AudioModality#load}: cropping before resampling changes nothing; hostile headers are media errors. */
class AudioModalityLoadTest {
    @TempDir
    Path dir;

    private static AudioModality create(String json) throws Exception {
        return (AudioModality) ModalityRegistry.create("audio", Json.parse(json));
    }

    /** What {@code load} computed before it cropped first: resample the whole file, then crop. */
    private static float[] wholeFileThenCrop(AudioModality m, Path f) throws Exception {
        PcmAudio a = AudioDecoder.decode(f);
        return m.fromSamples(Resampler.resample(a.samples(), a.sampleRateHz(), m.melConfig().sampleRateHz())).data();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"preset\":\"default-16k\",\"clipSeconds\":2}", "{\"preset\":\"laion-clap\",\"clipSeconds\":3}",
        "{\"preset\":\"default-16k\",\"clipSeconds\":10}"})
    void croppingBeforeResamplingIsBitIdentical(String config) throws Exception {
        AudioModality m = create(config);
        List<String> clips = List.of("esc50/original-44k/4-102844-A-49.wav", // 44.1 kHz, 5 s
                "esc50/audio/4-164064-C-1.wav", // 16 kHz, 5 s
                "urbansound8k-opus/audio/fold1/101415-3-0-2.ogg", // Opus, 48 kHz, 4 s
                "clotho-mini/audio/01 barreau bunker original.wav"); // 44.1 kHz, 15-30 s
        for (String clip : clips) {
            Path f = TestData.require(clip);
            assertArrayEquals(wholeFileThenCrop(m, f), m.load(f).data(), clip + " with " + config);
        }
    }

    /** A copy of a real clip whose fmt chunk claims {@code rateHz}. */
    private Path withRate(String name, long rateHz) throws Exception {
        byte[] b = Files.readAllBytes(TestData.require("esc50/audio/4-164064-C-1.wav"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (!new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("fmt ")) {
            pos += 8 + bb.getInt(pos + 4);
        }
        bb.putInt(pos + 12, (int) rateHz);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void implausibleRatesAreMediaErrorsNamingTheFile() throws Exception {
        AudioModality m = create("{}");
        // Issue 13: a clip claiming 1 Hz made the resampler allocate without bound; 2 GHz was accepted.
        for (long rate : new long[] {1, 999, 384_001, 2_000_000_000L, 0xFFFF_FFFFL}) {
            Path f = withRate("rate-" + rate + ".wav", rate);
            MediaException e = assertThrows(MediaException.class, () -> m.load(f), "rate " + rate);
            assertEquals(f, e.path());
            assertTrue(e.reason().startsWith("implausible sample rate in header: " + rate + " Hz"), e.reason());
        }
        for (long rate : new long[] {1_000, 384_000}) {
            assertEquals(1, m.load(withRate("ok-" + rate + ".wav", rate)).shape()[0], "edge " + rate + " Hz is accepted");
        }
    }
}
