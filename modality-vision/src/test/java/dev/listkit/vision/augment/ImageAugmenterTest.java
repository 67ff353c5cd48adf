package dev.listkit.vision.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.vision.image.RgbImage;
import dev.listkit.vision.transform.Interpolation;
import dev.listkit.vision.transform.Normalization;
import dev.listkit.vision.transform.Preprocessor;
import dev.listkit.vision.transform.ResizeMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageAugmenterTest {
    static final Preprocessor PRE = new Preprocessor(16, ResizeMode.CROP, Interpolation.BILINEAR, Normalization.CLIP);

    /** A 16 × 16 image with a horizontal gradient in red and a vertical one in green. */
    static RgbImage gradient() {
        float[] d = new float[3 * 256];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                d[y * 16 + x] = x / 15f;
                d[256 + y * 16 + x] = y / 15f;
                d[512 + y * 16 + x] = 0.5f;
            }
        }
        return new RgbImage(16, 16, d);
    }

    @Test
    void flipOnlySettingsMirrorTheImage() {
        AugmentSettings flipOnly = new AugmentSettings(1, 1, 1, 1, 1.0, 0, 0, 0);
        ImageAugmenter aug = new ImageAugmenter(flipOnly, PRE, Interpolation.BILINEAR);
        FloatTensor x = PRE.normalize(gradient());
        RgbImage out = PRE.denormalize(aug.apply(x, new SplittableRandom(3)));
        for (int y = 0; y < 16; y++) {
            for (int xx = 0; xx < 16; xx++) {
                assertEquals((15 - xx) / 15f, out.get(0, xx, y), 1e-5f);
                assertEquals(y / 15f, out.get(1, xx, y), 1e-5f);
            }
        }
        RgbImage twice = ImageAugmenter.flipHorizontal(ImageAugmenter.flipHorizontal(gradient()));
        assertEquals(gradient(), twice);
    }

    @Test
    void disabledAugmentationIsTheIdentity() {
        AugmentSettings none = new AugmentSettings(1, 1, 1, 1, 0.0, 0, 0, 0);
        FloatTensor x = PRE.normalize(gradient());
        FloatTensor y = new ImageAugmenter(none, PRE, Interpolation.BICUBIC).apply(x, new SplittableRandom(9));
        assertArrayEquals(x.data(), y.data(), 1e-5f);
    }

    @Test
    void brightnessScalesValuesWithinTheConfiguredRange() {
        AugmentSettings bright = new AugmentSettings(1, 1, 1, 1, 0.0, 0.5, 0, 0);
        RgbImage grey = new RgbImage(16, 16, filled(0.4f));
        ImageAugmenter aug = new ImageAugmenter(bright, PRE, Interpolation.BILINEAR);
        double lo = 1;
        double hi = 0;
        for (int seed = 0; seed < 200; seed++) {
            RgbImage out = PRE.denormalize(aug.apply(PRE.normalize(grey), new SplittableRandom(seed)));
            double f = out.get(0, 3, 3) / 0.4;
            assertEquals(out.get(0, 3, 3), out.get(2, 10, 12), 1e-5f, "brightness is uniform");
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        assertTrue(lo >= 0.5 - 1e-4 && lo < 0.6, "min factor " + lo);
        assertTrue(hi <= 1.5 + 1e-4 && hi > 1.4, "max factor " + hi);
    }

    @Test
    void saturationBlendsEveryChannelTowardsLuma() {
        AugmentSettings desat = new AugmentSettings(1, 1, 1, 1, 0.0, 0, 0, 1.0);
        ImageAugmenter aug = new ImageAugmenter(desat, PRE, Interpolation.BILINEAR);
        RgbImage g = gradient();
        int checked = 0;
        // factor f drawn from [0, 2]; out = luma + f (in - luma), checked where nothing was clamped
        for (int seed = 0; seed < 50; seed++) {
            RgbImage out = PRE.denormalize(aug.apply(PRE.normalize(g), new SplittableRandom(seed)));
            float luma = 0.299f * g.get(0, 12, 4) + 0.587f * g.get(1, 12, 4) + 0.114f * g.get(2, 12, 4);
            if (out.get(0, 12, 4) >= 1f || out.get(1, 12, 4) <= 0f) {
                continue;
            }
            float spread = Math.abs(out.get(0, 12, 4) - out.get(1, 12, 4));
            float origSpread = Math.abs(g.get(0, 12, 4) - g.get(1, 12, 4));
            // saturation blends towards luma: channel differences scale by the same factor
            float factor = spread / origSpread;
            assertEquals(luma + factor * (g.get(2, 12, 4) - luma), out.get(2, 12, 4), 2e-3f, "seed " + seed);
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " unclamped seeds");
    }

    @Test
    void randomCropsRespectScaleAndRatio() {
        AugmentSettings s = new AugmentSettings(0.3, 0.6, 0.5, 2.0, 0.5, 0, 0, 0);
        SplittableRandom rng = new SplittableRandom(1);
        int n = 2000;
        double sumArea = 0;
        for (int i = 0; i < n; i++) {
            CropBox b = CropBox.random(200, 200, s, rng);
            double area = (double) b.w() * b.h() / (200 * 200);
            double ratio = (double) b.w() / b.h();
            assertTrue(area > 0.28 && area < 0.62, "area " + area);
            assertTrue(ratio > 0.48 && ratio < 2.05, "ratio " + ratio);
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.w() <= 200 && b.y() + b.h() <= 200, b.toString());
            sumArea += area;
        }
        assertEquals(0.45, sumArea / n, 0.02, "mean area of a uniform scale in [0.3, 0.6]");
        assertEquals(CropBox.random(64, 48, s, new SplittableRandom(5)), CropBox.random(64, 48, s, new SplittableRandom(5)));
    }

    @Test
    void defaultAugmentationVariesWithTheSeedAndKeepsShape() {
        ImageAugmenter aug = new ImageAugmenter(AugmentSettings.DEFAULT, PRE, Interpolation.BILINEAR);
        FloatTensor x = PRE.normalize(gradient());
        FloatTensor a = aug.apply(x, new SplittableRandom(1));
        assertArrayEquals(x.shape(), a.shape());
        assertEquals(a, aug.apply(x, new SplittableRandom(1)));
        assertNotEquals(a, aug.apply(x, new SplittableRandom(2)));
    }

    private static float[] filled(float v) {
        float[] d = new float[3 * 256];
        java.util.Arrays.fill(d, v);
        return d;
    }
}
