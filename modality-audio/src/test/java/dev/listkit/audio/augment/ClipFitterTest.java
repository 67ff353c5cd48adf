package dev.listkit.audio.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClipFitterTest {
    private static final float[] X = {1, 2, 3, 4, 5};

    @Test
    void startFitCropsOrPads() {
        assertArrayEquals(new float[] {1, 2, 3}, new ClipFitter(3, ClipFitter.Fill.ZEROS).fitStart(X));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 0, 0}, new ClipFitter(7, ClipFitter.Fill.ZEROS).fitStart(X));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2},
                new ClipFitter(12, ClipFitter.Fill.LOOP).fitStart(X));
        assertArrayEquals(new float[4], new ClipFitter(4, ClipFitter.Fill.LOOP).fitStart(new float[0]));
    }

    @Test
    void randomCropIsAContiguousWindowAndCoversAllOffsets() {
        ClipFitter f = new ClipFitter(3, ClipFitter.Fill.ZEROS);
        Set<Float> firsts = new HashSet<>();
        for (int seed = 0; seed < 60; seed++) {
            float[] y = f.fitRandom(X, new SplittableRandom(seed));
            assertEquals(y[0] + 1, y[1]);
            assertEquals(y[1] + 1, y[2]);
            firsts.add(y[0]);
        }
        assertEquals(Set.of(1f, 2f, 3f), firsts);
    }

    @Test
    void randomPadPlacesTheWholeClipAndIsDeterministic() {
        ClipFitter zeros = new ClipFitter(9, ClipFitter.Fill.ZEROS);
        ClipFitter loop = new ClipFitter(9, ClipFitter.Fill.LOOP);
        for (int seed = 0; seed < 20; seed++) {
            float[] z = zeros.fitRandom(X, new SplittableRandom(seed));
            assertEquals(15f, sum(z), "all samples present once");
            assertArrayEquals(z, zeros.fitRandom(X, new SplittableRandom(seed)));
            float[] l = loop.fitRandom(X, new SplittableRandom(seed));
            for (int i = 1; i < l.length; i++) {
                assertEquals(l[i - 1] % 5 + 1, l[i], "loop continues cyclically: " + Arrays.toString(l));
            }
        }
        assertNotEquals(Arrays.toString(zeros.fitRandom(X, new SplittableRandom(1))),
                Arrays.toString(zeros.fitRandom(X, new SplittableRandom(4))));
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }
}
