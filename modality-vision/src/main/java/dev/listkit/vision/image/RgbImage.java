package dev.listkit.vision.image;

import java.util.Arrays;

/**
 * A decoded RGB image as planar floats in [0, 1]: {@code data[c * height * width + y * width + x]},
 * the same CHW layout as the tensors handed to encoders. Immutable by convention: operations return
 * new images and never write to {@code data}.
 *
 * @param width  pixels per row (≥ 1)
 * @param height rows (≥ 1)
 * @param data   {@code (3, height, width)} values in [0, 1]
 */
public record RgbImage(int width, int height, float[] data) {
    /** Channels: red, green, blue. */
    public static final int CHANNELS = 3;

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        if (data.length != (long) CHANNELS * width * height) {
            throw new IllegalArgumentException("expected " + (3L * width * height) + " values for "
                    + width + "x" + height + ", got " + data.length);
        }
    }

    /** Value of channel {@code c} at {@code (x, y)}. */
    public float get(int c, int x, int y) {
        return data[(c * height + y) * width + x];
    }

    /** The sub-image {@code [x0, x0 + w) × [y0, y0 + h)}, which must lie inside this image. */
    public RgbImage crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x0 + "+" + y0
                    + " outside " + width + "x" + height);
        }
        float[] out = new float[CHANNELS * w * h]; // (3, h, w)
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, (c * height + y0 + y) * width + x0, out, (c * h + y) * w, w);
            }
        }
        return new RgbImage(w, h, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage r && width == r.width && height == r.height && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
