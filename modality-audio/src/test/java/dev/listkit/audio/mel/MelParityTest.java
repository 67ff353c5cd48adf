package dev.listkit.audio.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.audio.TestData;
import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link LogMelSpectrogram} with torchaudio reference arrays written by
 * {@code scripts/mel_reference.py} (see its header for the command). Samples are decoded from the same
 * real clips and fed as they are: the clip's nominal rate is ignored, the preset's parameters are used,
 * so this checks the mel function and not the resampler.
 *
 * <p>Tolerances: the dB-type outputs must agree within {@value #TOLERANCE_DB} dB on every cell within
 * {@value #RANGE_DB} dB of the clip's maximum (below that the reference's own float32 window decides);
 * {@code efficientat} (natural log with a 1e-5 floor, then {@code (x + 4.5) / 5}) must agree within
 * {@value #TOLERANCE_EFFICIENTAT} output units on every cell, the model's own input space.
 */
class MelParityTest {
    private static final double TOLERANCE_DB = 0.0011;
    private static final double RANGE_DB = 80.0;
    private static final double TOLERANCE_EFFICIENTAT = 1e-4;

    /** The Java config for each reference name: presets, plus two variants built here. */
    private static MelConfig configFor(String name) throws Exception {
        return switch (name) {
            case "variant-htk-log" -> MelConfig.builder().setSampleRateHz(22_050).setNFft(1024).setHopLength(256)
                    .setNMels(40).optWindow(WindowType.HAMMING).optCenter(true, PadMode.CONSTANT)
                    .optFrequencyRangeHz(0, 11_025).optMelScale(MelScale.HTK, FilterNorm.NONE).optPower(1)
                    .optLog(1e-6).build();
            case "variant-sym-nocenter" -> MelConfig.builder().setSampleRateHz(16_000).setNFft(511)
                    .setHopLength(100).setNMels(32).optWinLength(300).optWindow(WindowType.HANN, false)
                    .optCenter(false, PadMode.REFLECT).optFrequencyRangeHz(100, 7_000).optDb(1e-5, 10.0, null)
                    .build();
            default -> MelPresets.get(name);
        };
    }

    @Test
    void matchesTorchaudioOnRealClipsForEveryPresetAndVariant() throws Exception {
        JsonNode index = Json.MAPPER.readTree(resource("index.json"));
        Map<String, Double> worstPerConfig = new LinkedHashMap<>();
        Map<String, Double> torchFloat32 = new LinkedHashMap<>(); // torch's own float32 path vs the same reference
        int compared = 0;
        for (JsonNode e : index.get("entries")) {
            String name = e.get("config").asText();
            MelConfig c = configFor(name);
            JsonNode p = e.get("params");
            assertEquals(p.get("n_fft").asInt(), c.nFft(), name);
            assertEquals(p.get("win_length").asInt(), c.winLength(), name);
            assertEquals(p.get("hop_length").asInt(), c.hopLength(), name);
            assertEquals(p.get("n_mels").asInt(), c.nMels(), name);
            assertEquals(p.get("sample_rate").asInt(), c.sampleRateHz(), name);
            assertEquals(p.get("f_min").asDouble(), c.fMinHz(), name);
            assertEquals(p.get("f_max").asDouble(), c.fMaxHz(), name);
            assertEquals(p.path("preemphasis").asDouble(0.0), c.preEmphasis(), name);
            boolean allCells = "efficientat".equals(name);

            float[] all = AudioDecoder.decode(TestData.require(e.get("clip").asText())).samples();
            int off = e.get("offsetSamples").asInt();
            float[] slice = Arrays.copyOfRange(all, off, off + e.get("lengthSamples").asInt());
            FloatTensor got = new LogMelSpectrogram(c).compute(slice);

            long[] shape = new long[3];
            for (int i = 0; i < 3; i++) {
                shape[i] = e.get("shape").get(i).asLong();
            }
            assertArrayEquals(shape, got.shape(), name + " on " + e.get("clip").asText());
            float[] ref = readFloats(e.get("file").asText(), got.size());
            double perUnit = allCells ? 1.0 : e.get("dbPerUnit").asDouble(); // efficientat: output units
            double maxDb = Double.NEGATIVE_INFINITY;
            for (float v : ref) {
                maxDb = Math.max(maxDb, v * perUnit);
            }
            double worst = 0;
            int cells = 0;
            for (int i = 0; i < ref.length; i++) {
                if (allCells || ref[i] * perUnit > maxDb - RANGE_DB) {
                    worst = Math.max(worst, Math.abs(got.data()[i] - ref[i]) * perUnit);
                    cells++;
                }
            }
            assertTrue(cells > ref.length / 4, "too few cells compared for " + name);
            worstPerConfig.merge(name, worst, Math::max);
            String f32 = allCells ? "float32MaxAbsDiff" : "float32MaxAbsDiffDb";
            torchFloat32.merge(name, e.path(f32).asDouble(0), Math::max);
            compared++;
        }
        assertEquals(24, compared, "index.json entries");
        assertTrue(worstPerConfig.keySet().containsAll(MelPresets.names()), "every preset has reference arrays");
        worstPerConfig.forEach((name, worst) -> System.out.printf(
                "mel parity %-22s max |delta| = %.2e %s (torch float32: %.2e)%n", name, worst,
                "efficientat".equals(name) ? "(output units)" : "dB", torchFloat32.get(name)));
        worstPerConfig.forEach((name, worst) -> {
            double tol = "efficientat".equals(name) ? TOLERANCE_EFFICIENTAT : TOLERANCE_DB;
            assertTrue(worst <= tol, name + ": max |delta| " + worst + " > " + tol);
        });
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MelParityTest.class.getResourceAsStream("/mel-reference/" + name);
        if (in == null) {
            throw new IOException("missing test resource mel-reference/" + name);
        }
        return in;
    }

    private static float[] readFloats(String file, int expected) throws IOException {
        byte[] bytes;
        try (InputStream in = resource(file)) {
            bytes = in.readAllBytes();
        }
        assertEquals(expected * 4, bytes.length, "size of " + file);
        float[] out = new float[expected];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
