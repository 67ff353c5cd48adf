package dev.listkit.vision.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.vision.image.RgbImage;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    /** 200 × 100: red for x < 50, green for 50 ≤ x < 150, blue for x ≥ 150. */
    static RgbImage bands() {
        int w = 200;
        int h = 100;
        float[] d = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = x < 50 ? 0 : (x < 150 ? 1 : 2);
                d[(c * h + y) * w + x] = 1f;
            }
        }
        return new RgbImage(w, h, d);
    }

    static float norm(Normalization n, int c, float v) {
        return (v - n.meanArray()[c]) / n.stdArray()[c];
    }

    @Test
    void centreCropKeepsTheMiddleOfTheLongerSide() {
        Preprocessor p = new Preprocessor(64, ResizeMode.CROP, Interpolation.BICUBIC, Normalization.CLIP);
        FloatTensor t = p.apply(bands());
        assertArrayEquals(new long[] {3, 64, 64}, t.shape()); // (3, S, S)
        // shorter side 100 -> 64, longer 200 -> 128; the centre 64 columns are original columns 50..150: green
        for (int x = 8; x < 56; x++) {
            int i = 32 * 64 + x;
            assertEquals(norm(Normalization.CLIP, 0, 0), t.data()[i], 1e-5f, "red at column " + x);
            assertEquals(norm(Normalization.CLIP, 1, 1), t.data()[64 * 64 + i], 1e-5f, "green at column " + x);
            assertEquals(norm(Normalization.CLIP, 2, 0), t.data()[2 * 64 * 64 + i], 1e-5f, "blue at column " + x);
        }
    }

    @Test
    void padLetterboxesWithTheMeanColour() {
        Preprocessor p = new Preprocessor(64, ResizeMode.PAD, Interpolation.BILINEAR, Normalization.IMAGENET);
        FloatTensor t = p.apply(bands());
        // 200 x 100 -> 64 x 32, placed at rows 16..47; the rest is the mean colour, i.e. 0 after normalising
        for (int c = 0; c < 3; c++) {
            for (int y : new int[] {0, 15, 48, 63}) {
                assertEquals(0f, t.data()[(c * 64 + y) * 64 + 30], 1e-6f, "padding row " + y);
            }
        }
        assertEquals(norm(Normalization.IMAGENET, 0, 1), t.data()[32 * 64 + 3], 1e-5f, "red band on the left");
        assertEquals(norm(Normalization.IMAGENET, 2, 1), t.data()[(2 * 64 + 32) * 64 + 60], 1e-5f, "blue band");
    }

    @Test
    void stretchUsesTheWholeImage() {
        Preprocessor p = new Preprocessor(40, ResizeMode.STRETCH, Interpolation.BILINEAR, Normalization.CLIP);
        RgbImage r = p.resize(bands());
        assertEquals(40, r.width());
        assertEquals(1f, r.get(0, 2, 20), 1e-6f);   // red survives at the left
        assertEquals(1f, r.get(2, 37, 20), 1e-6f);  // blue at the right
    }

    @Test
    void normalisationUsesThePresetStatisticsAndInverts() {
        Preprocessor p = new Preprocessor(2, ResizeMode.STRETCH, Interpolation.BILINEAR, Normalization.CLIP);
        RgbImage white = new RgbImage(2, 2, filled(12, 1f));
        FloatTensor t = p.normalize(white);
        assertEquals((1 - 0.48145466) / 0.26862954, t.data()[0], 1e-5);
        assertEquals((1 - 0.4578275) / 0.26130258, t.data()[4], 1e-5);
        assertEquals((1 - 0.40821073) / 0.27577711, t.data()[8], 1e-5);
        assertArrayEquals(white.data(), p.denormalize(t).data(), 1e-6f);
        assertEquals((0 - 0.485) / 0.229, new Preprocessor(2, ResizeMode.STRETCH, Interpolation.BILINEAR,
                Normalization.IMAGENET).normalize(new RgbImage(2, 2, new float[12])).data()[0], 1e-5);
    }

    private static float[] filled(int n, float v) {
        float[] d = new float[n];
        java.util.Arrays.fill(d, v);
        return d;
    }
}
