package dev.listkit.vision.augment;

import java.util.SplittableRandom;

/**
 * A crop rectangle in pixels, and torchvision's {@code RandomResizedCrop.get_params} to draw one.
 *
 * @param x left column
 * @param y top row
 * @param w width
 * @param h height
 */
public record CropBox(int x, int y, int w, int h) {
    /**
     * Draws a crop of area fraction in {@code [scaleMin, scaleMax]} and log-uniform aspect ratio in
     * {@code [ratioMin, ratioMax]}: ten tries, then the centre crop with the ratio clamped into range.
     */
    public static CropBox random(int width, int height, AugmentSettings s, SplittableRandom rng) {
        double area = (double) width * height;
        double logLo = Math.log(s.ratioMin());
        double logHi = Math.log(s.ratioMax());
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, s.scaleMin(), s.scaleMax());
            double aspect = Math.exp(uniform(rng, logLo, logHi));
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new CropBox(x, y, w, h);
            }
        }
        double ratio = (double) width / height;
        int w;
        int h;
        if (ratio < s.ratioMin()) {
            w = width;
            h = (int) Math.round(w / s.ratioMin());
        } else if (ratio > s.ratioMax()) {
            h = height;
            w = (int) Math.round(h * s.ratioMax());
        } else {
            w = width;
            h = height;
        }
        return new CropBox((width - w) / 2, (height - h) / 2, w, h);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * rng.nextDouble();
    }
}
