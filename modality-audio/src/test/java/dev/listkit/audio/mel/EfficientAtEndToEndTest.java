package dev.listkit.audio.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.listkit.audio.TestData;
import dev.listkit.audio.TestModels;
import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.io.PcmAudio;
import dev.listkit.audio.io.Resampler;
import dev.listkit.core.data.FloatTensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The whole {@code efficientat} front end against the model it was built for: real ESC-50 clips are decoded,
 * resampled 16 → 32 kHz by listkit's resampler, turned into log-mels by {@link LogMelSpectrogram}, and run
 * through the frozen EfficientAT mn04_as (AudioSet) in ONNX Runtime. Its top AudioSet tags must name the
 * sound: a wrong window, filter bank, log floor or normalisation shifts the input off what the model was
 * trained on and the tags go wrong first.
 */
class EfficientAtEndToEndTest {
    private static final String MODEL = "efficientat-mn04/mn04_as.onnx";
    private static final String LABELS = "efficientat-mn04/audioset_labels.csv";
    private static final int TOP_K = 3;

    /** ESC-50 fold-4 clip → AudioSet names, at least one of which must be among the top {@value #TOP_K} tags. */
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "4-174860-A-3.wav", Set.of("Cattle, bovinae", "Moo"),
            "4-188703-A-8.wav", Set.of("Sheep", "Bleat"),
            "4-125070-A-19.wav", Set.of("Thunder", "Thunderstorm"),
            "4-164021-A-1.wav", Set.of("Chicken, rooster", "Crowing, cock-a-doodle-doo"),
            "4-182395-A-0.wav", Set.of("Dog", "Bark"));

    @Test
    void mn04TagsRealClipsCorrectlyFromOurMels() throws Exception {
        Path model = TestModels.require(MODEL);
        List<String> labels = labels(TestModels.require(LABELS));
        assertEquals(527, labels.size(), "AudioSet classes in " + LABELS);
        MelConfig config = MelPresets.get("efficientat");
        LogMelSpectrogram front = new LogMelSpectrogram(config);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                List<String> misses = new ArrayList<>();
                for (String clip : EXPECTED.keySet().stream().sorted().toList()) {
                    PcmAudio audio = AudioDecoder.decode(TestData.require("esc50/audio/" + clip));
                    float[] x = Resampler.resample(audio.samples(), audio.sampleRateHz(), config.sampleRateHz());
                    FloatTensor mel = front.compute(x); // (1, 128, T)
                    assertArrayEquals(new long[] {1, 128, 500}, mel.shape(), clip + ": 5 s at 32 kHz");
                    float[] logits = run(env, session, mel);
                    List<String> top = IntStream.range(0, logits.length).boxed()
                            .sorted(Comparator.comparingDouble(i -> -logits[i])).limit(TOP_K)
                            .map(labels::get).toList();
                    System.out.printf("efficientat %s top-%d AudioSet tags: %s%n", clip, TOP_K, top);
                    if (top.stream().noneMatch(EXPECTED.get(clip)::contains)) {
                        misses.add(clip + " -> " + top + " (expected one of " + EXPECTED.get(clip) + ")");
                    }
                }
                assertTrue(misses.isEmpty(), "wrong tags: " + misses);
            }
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, FloatTensor mel) throws Exception {
        long[] shape = {1, 1, mel.shape()[1], mel.shape()[2]}; // (B, 1, 128, T)
        try (OnnxTensor spec = OnnxTensor.createTensor(env, FloatBuffer.wrap(mel.data()), shape);
                OrtSession.Result r = session.run(Map.of("spec", spec), Set.of("logits"))) {
            float[][] logits = (float[][]) r.get("logits").orElseThrow().getValue(); // (B, 527)
            return logits[0];
        }
    }

    /** {@code index,mid,display_name} rows, names possibly quoted (with commas inside). */
    private static List<String> labels(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            int second = line.indexOf(',', line.indexOf(',') + 1);
            String name = line.substring(second + 1);
            if (name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
            }
            out.add(name);
        }
        return out;
    }
}
