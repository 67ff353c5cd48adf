package dev.listkit.audio.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import org.junit.jupiter.api.Test;

class MelConfigTest {
    @Test
    void missingRequiredValuesAreNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MelConfig.builder().setSampleRateHz(16_000).setNMels(40).build());
        assertTrue(e.getMessage().contains("setNFft") && e.getMessage().contains("setHopLength"), e.getMessage());
    }

    @Test
    void everyProblemIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> MelConfig.builder().setSampleRateHz(16_000)
                .setNFft(256).setHopLength(0).setNMels(40).optWinLength(400).optPower(3).build());
        for (String word : new String[] {"winLength", "hopLength", "power"}) {
            assertTrue(e.getMessage().contains(word), e.getMessage());
        }
    }

    @Test
    void defaultsAreFilledIn() throws Exception {
        MelConfig c = MelConfig.builder().setSampleRateHz(22_050).setNFft(1024).setHopLength(256).setNMels(80).build();
        assertEquals(1024, c.winLength());
        assertEquals(11_025.0, c.fMaxHz());
        assertEquals(0.0, c.fMinHz());
        assertEquals(WindowType.HANN, c.window());
        assertEquals(LogMode.DB, c.logMode());
        assertEquals(513, c.nFreqs());
    }

    @Test
    void frameCountsFollowTorchStft() throws Exception {
        MelConfig centred = MelPresets.get("laion-clap");
        assertEquals(1001, centred.frames(480_000)); // 1 + 480000 / 480
        MelConfig whisper = MelPresets.get("whisper");
        assertEquals(3000, whisper.frames(480_000)); // Whisper's 30 s → 3000 frames
        MelConfig raw = centred.toBuilder().optCenter(false, PadMode.REFLECT).build();
        assertEquals(1 + (48_000 - 1024) / 480, raw.frames(48_000));
        assertEquals(0, raw.frames(1000));
    }

    @Test
    void efficientAtFramesCountThePreEmphasisedSignal() throws Exception {
        MelConfig c = MelPresets.get("efficientat");
        assertEquals(159_999, c.stftSamples(160_000)); // valid convolution with [-0.97, 1]
        assertEquals(500, c.frames(160_000));          // 1 + 159999 / 320: 5 s at 32 kHz
        assertEquals(1000, c.frames(320_000));         // 10 s (AudioSet clips)
        assertEquals(501, c.frames(160_001));
        assertEquals(128, c.nMels());
        assertEquals(10.0, MelPresets.clipSeconds("efficientat"));
    }

    @Test
    void kaldiScaleAndNewFieldsAreValidated() {
        ConfigException e = assertThrows(ConfigException.class, () -> MelConfig.builder().setSampleRateHz(16_000)
                .setNFft(511).setHopLength(160).setNMels(40).optMelScale(MelScale.KALDI, FilterNorm.SLANEY)
                .optPreEmphasis(1.5).optLog(1e-5, 1.0).optAffine(0, 0).build());
        for (String word : new String[] {"even nFft", "filterNorm must be NONE", "preEmphasis", "logBase",
                "affineDivisor"}) {
            assertTrue(e.getMessage().contains(word), word + " not in: " + e.getMessage());
        }
    }

    @Test
    void melScalesHitTheirDefiningPoints() {
        assertEquals(15.0, MelScale.SLANEY.hzToMel(1000), 1e-12); // linear part ends at 1 kHz = 15 mel
        assertEquals(42.0, MelScale.SLANEY.hzToMel(6400), 1e-9);  // 27 log steps of 6.4x above 1 kHz
        assertEquals(3.0, MelScale.SLANEY.hzToMel(200), 1e-12);
        assertEquals(1000.0, MelScale.HTK.hzToMel(1000), 0.02);    // 1000 mel ≈ 1000 Hz by construction
        assertEquals(MelScale.HTK.hzToMel(4000), MelScale.KALDI.hzToMel(4000), 0.02); // 1127 ln ≈ 2595 log10
        for (MelScale s : MelScale.values()) {
            for (double hz : new double[] {0, 50, 999, 1000, 4321, 14_000}) {
                assertEquals(hz, s.melToHz(s.hzToMel(hz)), 1e-9 * (1 + hz), s + " round trip " + hz);
            }
        }
    }

    @Test
    void presetsAreListedAndUnknownOnesRejected() throws Exception {
        assertEquals(MelPresets.DEFAULT, MelPresets.names().get(0));
        assertTrue(MelPresets.names().containsAll(
                java.util.List.of("laion-clap", "ms-clap-2023", "wavcaps", "whisper", "default-16k", "efficientat")));
        ConfigException e = assertThrows(ConfigException.class, () -> MelPresets.get("clap"));
        assertTrue(e.getMessage().contains("laion-clap"), e.getMessage());
        assertEquals(44_100, MelPresets.get("ms-clap-2023").sampleRateHz());
        assertEquals(14_000.0, MelPresets.get("wavcaps").fMaxHz());
    }
}
