package dev.listkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.mel.LogMelSpectrogram;
import dev.listkit.audio.mel.MelPresets;
import dev.listkit.core.ConfigException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudioModalityProviderTest {
    private static AudioModality create(String json) throws ConfigException {
        return (AudioModality) ModalityRegistry.create("audio", Json.parse(json));
    }

    @Test
    void defaultsToDefault16kWithFiveSecondClips() throws Exception {
        AudioModality m = create("{}");
        assertEquals(MelPresets.get("default-16k"), m.melConfig());
        assertEquals(80_000, m.clipSamples());
        assertArrayEquals(new long[] {1, 64, 501}, m.sampleShape()); // 1 + 80000 / 160 frames
    }

    @Test
    void overridesReachTheMelConfig() throws Exception {
        AudioModality m = create("{\"preset\":\"laion-clap\",\"clipSeconds\":2.5,\"nMels\":32,"
                + "\"hopLength\":960,\"fMinHz\":20,\"fMaxHz\":16000}");
        assertEquals(32, m.melConfig().nMels());
        assertEquals(960, m.melConfig().hopLength());
        assertEquals(20.0, m.melConfig().fMinHz());
        assertEquals(16_000.0, m.melConfig().fMaxHz());
        assertEquals(48_000, m.melConfig().sampleRateHz());
        assertArrayEquals(new long[] {1, 32, 1 + 120_000 / 960}, m.sampleShape());
    }

    @Test
    void badOverridesAreConfigErrorsWithReasons() {
        ConfigException nyquist = assertThrows(ConfigException.class, () -> create("{\"fMaxHz\":9000}"));
        assertTrue(nyquist.getMessage().contains("Nyquist"), nyquist.getMessage());
        ConfigException mels = assertThrows(ConfigException.class, () -> create("{\"nMels\":0}"));
        assertTrue(mels.getMessage().contains("nMels"), mels.getMessage());
        ConfigException clip = assertThrows(ConfigException.class, () -> create("{\"clipSeconds\":-1}"));
        assertTrue(clip.getMessage().contains("clipSeconds"), clip.getMessage());
        ConfigException nested = assertThrows(ConfigException.class,
                () -> create("{\"specAugment\":{\"freqMask\":2}}"));
        assertTrue(nested.getMessage().contains("freqMask"), nested.getMessage());
        ConfigException negative = assertThrows(ConfigException.class,
                () -> create("{\"specAugment\":{\"timeMasks\":-1}}"));
        assertTrue(negative.getMessage().contains("timeMasks"), negative.getMessage());
    }

    @Test
    void fingerprintFollowsEveryResolvedSetting() throws Exception {
        String base = create("{}").fingerprint();
        assertEquals(base, create("{\"preset\":\"default-16k\",\"clipSeconds\":5}").fingerprint());
        assertNotEquals(base, create("{\"nMels\":40}").fingerprint());
        assertNotEquals(base, create("{\"clipSeconds\":4}").fingerprint());
        assertNotEquals(base, create("{\"fMinHz\":0}").fingerprint());
        assertEquals(64, base.length());
    }

    @Test
    void loadCropsAtTheStartAndMatchesTheFrontEndOnDecodedSamples() throws Exception {
        AudioModality m = create("{\"clipSeconds\":1}");
        var file = TestData.require(AudioModalityContractTest.DOG);
        float[] samples = AudioDecoder.decode(file).samples();
        FloatTensor expected = new LogMelSpectrogram(m.melConfig()).compute(Arrays.copyOf(samples, 16_000));
        assertEquals(expected, m.load(file));
    }

    @Test
    void shortClipsArePaddedWithSilence() throws Exception {
        AudioModality m = create("{\"clipSeconds\":6}"); // ESC-50 clips are 5 s
        FloatTensor x = m.load(TestData.require(AudioModalityContractTest.DOG));
        int frames = (int) x.shape()[2];
        float lastFrameMax = Float.NEGATIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int mel = 0; mel < 64; mel++) {
            lastFrameMax = Math.max(lastFrameMax, x.data()[mel * frames + frames - 1]);
            for (int t = 0; t < frames; t++) {
                max = Math.max(max, x.data()[mel * frames + t]);
            }
        }
        assertEquals(max - 80f, lastFrameMax, 1e-4f, "silent tail sits at the top_db floor");
    }

    @Test
    void templatesAreDataWithAPlaceholder() throws Exception {
        Modality m = create("{}");
        assertTrue(m.zeroShotTemplates().contains("this is a sound of {}."));
        m.zeroShotTemplates().forEach(t -> assertTrue(t.contains("{}"), t));
        assertTrue(m.fileExtensions().containsAll(java.util.Set.of("wav", "flac", "ogg", "mp3")));
    }

    @Test
    void previewIsTheLogMelWithLowFrequenciesAtTheBottom() throws Exception {
        // (1, 4 mels, 3 frames): energy only in mel bin 0, the lowest frequency
        dev.listkit.core.data.FloatTensor mel = new dev.listkit.core.data.FloatTensor(
                new float[] {0, 0, 0, -80, -80, -80, -80, -80, -80, -80, -80, -80}, new long[] {1, 4, 3});
        java.awt.image.BufferedImage p = create("{}").preview(mel);
        assertEquals(3, p.getWidth());
        assertEquals(4, p.getHeight());
        assertEquals(0xfde725, p.getRGB(1, 3) & 0xFFFFFF, "bin 0 at the bottom row, brightest");
        assertEquals(0x440154, p.getRGB(1, 0) & 0xFFFFFF);
    }
}
