package dev.listkit.vision.transform;

import dev.listkit.vision.image.RgbImage;

/**
 * Separable, antialiased image resampling on float planes, written here (rather than with
 * {@code java.awt} {@code RenderingHints}) because Java2D's bilinear/bicubic do not low-pass when
 * shrinking, and its results can vary with the rendering pipeline; this is a pure function.
 *
 * <p>The algorithm is Pillow's {@code ImagingResample}: when shrinking by a factor {@code s > 1} the
 * kernel is stretched by {@code s} (antialiasing); weights are normalised to sum to 1, so constant
 * images stay constant. Unlike Pillow, the intermediate result is kept in float rather than rounded to
 * 8 bits. Like Pillow's 8-bit path, values are clamped to [0, 1] after each pass (bicubic overshoots
 * at edges). Measured: identical to Pillow's float ("F" mode) resize to &lt; 2e-6 (PillowReferenceTest);
 * against Pillow's 8-bit resize of the same pixels (CLIP's reference path), 128 -> 224 bicubic on Flickr8k:
 * mean difference 0.3 and max 1.1 steps of 1/255, from Pillow rounding to 8 bits between passes.
 */
public final class Resampler {
    private Resampler() {
    }

    /** Resizes the whole image to {@code outW × outH}. */
    public static RgbImage resize(RgbImage src, int outW, int outH, Interpolation filter) {
        return resize(src, 0, 0, src.width(), src.height(), outW, outH, filter);
    }

    /**
     * Resamples the box {@code [x0, x0 + boxW) × [y0, y0 + boxH)} of {@code src} (input pixels, may be
     * fractional) to {@code outW × outH}. Pixels outside the image are never read: the kernel is cut at
     * the border and renormalised.
     */
    public static RgbImage resize(RgbImage src, double x0, double y0, double boxW, double boxH,
                                  int outW, int outH, Interpolation filter) {
        if (outW < 1 || outH < 1) {
            throw new IllegalArgumentException("output size must be >= 1, got " + outW + "x" + outH);
        }
        Weights wx = Weights.of(src.width(), x0, boxW, outW, filter);
        Weights wy = Weights.of(src.height(), y0, boxH, outH, filter);
        int inW = src.width();
        int inH = src.height();
        float[] in = src.data();
        float[] out = new float[3 * outW * outH]; // (3, outH, outW)
        float[] tmp = new float[inH * outW];       // one channel after the horizontal pass: (inH, outW)
        float[] acc = new float[outW];             // one output row being accumulated
        for (int c = 0; c < 3; c++) {
            int planeIn = c * inH * inW;
            for (int y = wy.minRow; y < wy.maxRow; y++) {
                int row = planeIn + y * inW;
                for (int ox = 0; ox < outW; ox++) {
                    int start = wx.start[ox];
                    float[] k = wx.k[ox];
                    float sum = 0;
                    for (int j = 0; j < k.length; j++) {
                        sum += k[j] * in[row + start + j];
                    }
                    tmp[y * outW + ox] = Math.min(1f, Math.max(0f, sum)); // Pillow clamps between passes too
                }
            }
            int planeOut = c * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int start = wy.start[oy];
                float[] k = wy.k[oy];
                java.util.Arrays.fill(acc, 0f);
                // row-wise accumulation: the inner loop runs along a row, so the JIT can vectorise it;
                // Java never fuses multiply-add on its own, so the result does not depend on that
                for (int j = 0; j < k.length; j++) {
                    float kj = k[j];
                    int row = (start + j) * outW;
                    for (int ox = 0; ox < outW; ox++) {
                        acc[ox] += kj * tmp[row + ox];
                    }
                }
                int base = planeOut + oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    out[base + ox] = Math.min(1f, Math.max(0f, acc[ox]));
                }
            }
        }
        return new RgbImage(outW, outH, out);
    }

    /** Per-output-pixel kernel windows along one axis. */
    private static final class Weights {
        final int[] start;
        final float[][] k;
        int minRow = Integer.MAX_VALUE;
        int maxRow;

        private Weights(int n) {
            start = new int[n];
            k = new float[n][];
        }

        static Weights of(int inSize, double origin, double box, int outSize, Interpolation f) {
            double scale = box / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = f.support() * filterScale;
            Weights w = new Weights(outSize);
            for (int i = 0; i < outSize; i++) {
                double centre = origin + (i + 0.5) * scale;
                int lo = Math.max((int) Math.floor(centre - support + 0.5), 0);
                int hi = Math.min((int) Math.floor(centre + support + 0.5), inSize);
                if (hi <= lo) { // box entirely outside: clamp to the nearest pixel
                    lo = Math.min(Math.max((int) Math.floor(centre), 0), inSize - 1);
                    hi = lo + 1;
                }
                double[] raw = new double[hi - lo];
                double total = 0;
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = f.weight((lo + j - centre + 0.5) / filterScale);
                    total += raw[j];
                }
                float[] k = new float[raw.length];
                for (int j = 0; j < raw.length; j++) {
                    k[j] = (float) (total != 0 ? raw[j] / total : (j == 0 ? 1 : 0));
                }
                w.start[i] = lo;
                w.k[i] = k;
                w.minRow = Math.min(w.minRow, lo);
                w.maxRow = Math.max(w.maxRow, hi);
            }
            return w;
        }
    }
}
