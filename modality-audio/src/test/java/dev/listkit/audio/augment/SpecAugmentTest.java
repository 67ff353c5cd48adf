package dev.listkit.audio.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.FloatTensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpecAugmentTest {
    private static final int MELS = 16;
    private static final int FRAMES = 50;

    /** A ramp with no repeated values, so masked cells are recognisable. */
    private static FloatTensor ramp() {
        float[] d = new float[MELS * FRAMES];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1 + i;
        }
        return new FloatTensor(d, new long[] {1, MELS, FRAMES});
    }

    @Test
    void frequencyMasksCoverWholeBandsWithinTheMaxWidth() {
        SpecAugment aug = new SpecAugment(new SpecAugmentConfig(1, 5, 0, 0, MaskValue.ZERO, 0));
        for (int seed = 0; seed < 20; seed++) {
            float[] out = aug.apply(ramp(), new SplittableRandom(seed)).data();
            int masked = 0;
            for (int m = 0; m < MELS; m++) {
                int zeros = 0;
                for (int t = 0; t < FRAMES; t++) {
                    zeros += out[m * FRAMES + t] == 0f ? 1 : 0;
                }
                assertTrue(zeros == 0 || zeros == FRAMES, "band " + m + " partly masked");
                masked += zeros == FRAMES ? 1 : 0;
            }
            assertTrue(masked <= 5, "width " + masked + " > 5");
        }
    }

    @Test
    void timeMasksUseTheInputMean() {
        SpecAugment aug = new SpecAugment(new SpecAugmentConfig(0, 0, 2, 10, MaskValue.MEAN, 0));
        float mean = (1 + MELS * FRAMES) / 2f;
        boolean sawMask = false;
        for (int seed = 0; seed < 10; seed++) {
            float[] out = aug.apply(ramp(), new SplittableRandom(seed)).data();
            for (int t = 0; t < FRAMES; t++) {
                boolean col = out[t] == mean;
                for (int m = 0; m < MELS; m++) {
                    assertEquals(col, out[m * FRAMES + t] == mean, "frame " + t + " partly masked");
                }
                sawMask |= col;
            }
        }
        assertTrue(sawMask);
    }

    @Test
    void timeShiftIsCircularAndKeepsValues() {
        SpecAugment aug = new SpecAugment(new SpecAugmentConfig(0, 0, 0, 0, MaskValue.ZERO, 7));
        FloatTensor x = ramp();
        FloatTensor y = aug.apply(x, new SplittableRandom(3));
        float[] a = x.data().clone();
        float[] b = y.data().clone();
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        assertArrayEquals(a, b, "a shift only moves values");
        int shift = Math.floorMod((int) (y.data()[0] - 1), FRAMES) == 0 ? 0 : FRAMES - (int) (y.data()[0] - 1);
        assertTrue(shift <= 7 || FRAMES - shift <= 7, "shift " + shift);
        for (int m = 0; m < MELS; m++) {
            for (int t = 0; t < FRAMES; t++) {
                assertEquals(x.data()[m * FRAMES + t], y.data()[m * FRAMES + Math.floorMod(t + shift, FRAMES)]);
            }
        }
    }

    @Test
    void deterministicPerSeedAndOffIsIdentity() {
        SpecAugment aug = new SpecAugment(SpecAugmentConfig.defaults());
        FloatTensor x = ramp();
        assertEquals(aug.apply(x, new SplittableRandom(9)), aug.apply(x, new SplittableRandom(9)));
        assertNotEquals(aug.apply(x, new SplittableRandom(1)), aug.apply(x, new SplittableRandom(2)));
        assertEquals(x, new SpecAugment(SpecAugmentConfig.off()).apply(x, new SplittableRandom(1)));
    }
}
