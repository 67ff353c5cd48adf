package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every real WAV in the shared data decodes, with SoX agreeing on rate, length and sample values. */
class RealDataDecodeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"esc50/audio", "esc50/original-44k", "urbansound8k/audio/fold1",
        "urbansound8k/audio/fold2", "clotho-mini/audio", "opensfx/audio", "tuxpaint-stamps/audio"})
    void rateAndLengthAgreeWithSoxi(String folder) throws Exception {
        List<Path> files = wavs(RealData.require(folder));
        List<String> soxiArgs = new ArrayList<>(List.of("soxi", "-s"));
        files.forEach(f -> soxiArgs.add(f.toString()));
        List<String> samples = output(soxiArgs);
        soxiArgs.set(1, "-r");
        List<String> rates = output(soxiArgs);
        assertEquals(files.size(), samples.size(), "soxi -s lines");
        for (int i = 0; i < files.size(); i++) {
            PcmAudio a = AudioDecoder.decode(files.get(i));
            assertEquals(Integer.parseInt(rates.get(i).trim()), a.sampleRateHz(), files.get(i).toString());
            assertEquals(Long.parseLong(samples.get(i).trim()), a.samples().length, files.get(i).toString());
        }
    }

    @Test
    void clothoSamplesEqualSoxFloatOutput() throws Exception {
        for (Path clip : wavs(RealData.require("clotho-mini/audio"))) {
            byte[] raw = bytes(List.of("sox", clip.toString(), "-t", "f32", "-c", "1", "-"));
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            float[] ours = AudioDecoder.decode(clip).samples();
            assertEquals(raw.length / 4, ours.length, clip.toString());
            for (int i = 0; i < ours.length; i++) {
                assertEquals(b.getFloat(4 * i), ours[i], 0f, clip + " sample " + i);
            }
        }
    }

    private static List<Path> wavs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }

    private static List<String> output(List<String> command) throws Exception {
        return new String(bytes(command), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }

    private static byte[] bytes(List<String> command) throws Exception {
        FfmpegDecoderTest.run("sox", "--version"); // skips outside CI when SoX is absent
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", command.subList(0, 2)));
        return out;
    }
}
