package dev.listkit.vision.augment;

import dev.listkit.vision.image.RgbImage;
import java.util.SplittableRandom;

/**
 * Brightness, contrast and saturation jitter as torchvision's {@code ColorJitter} (without hue): each
 * factor is drawn uniformly from {@code [max(0, 1 - a), 1 + a]}, the three are applied in a random
 * order, and values are clamped to [0, 1] after each step. Greyscale uses ITU-R 601 luma
 * ({@code 0.299 R + 0.587 G + 0.114 B}), as torchvision does.
 */
public final class ColorJitter {
    private ColorJitter() {
    }

    /** A jittered copy of {@code img}; consumes random numbers even for disabled parts, so the stream stays aligned. */
    public static RgbImage apply(RgbImage img, AugmentSettings s, SplittableRandom rng) {
        int[] order = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double fb = factor(rng, s.brightness());
        double fc = factor(rng, s.contrast());
        double fs = factor(rng, s.saturation());
        float[] d = img.data().clone();
        int n = img.width() * img.height();
        for (int op : order) {
            switch (op) {
                case 0 -> { if (s.brightness() > 0) { blendConstant(d, 0f, (float) fb); } }
                case 1 -> { if (s.contrast() > 0) { blendConstant(d, meanLuma(d, n), (float) fc); } }
                default -> { if (s.saturation() > 0) { saturate(d, n, (float) fs); } }
            }
        }
        return new RgbImage(img.width(), img.height(), d);
    }

    private static double factor(SplittableRandom rng, double amount) {
        double u = rng.nextDouble();
        double lo = Math.max(0, 1 - amount);
        return lo + (1 + amount - lo) * u;
    }

    /** {@code v ← clamp(f v + (1 - f) other)}. */
    private static void blendConstant(float[] d, float other, float f) {
        for (int i = 0; i < d.length; i++) {
            d[i] = clamp(f * d[i] + (1 - f) * other);
        }
    }

    private static float meanLuma(float[] d, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += luma(d[i], d[n + i], d[2 * n + i]);
        }
        return (float) (sum / n);
    }

    private static void saturate(float[] d, int n, float f) {
        for (int i = 0; i < n; i++) {
            float g = luma(d[i], d[n + i], d[2 * n + i]);
            for (int c = 0; c < 3; c++) {
                d[c * n + i] = clamp(f * d[c * n + i] + (1 - f) * g);
            }
        }
    }

    private static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
