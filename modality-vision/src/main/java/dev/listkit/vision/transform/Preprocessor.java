package dev.listkit.vision.transform;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.vision.image.RgbImage;

/**
 * Resizes an image to {@code S × S} (by {@link ResizeMode}) and normalises it into a {@code (3, S, S)}
 * CHW tensor. A pure function of its settings; thread-safe.
 *
 * @param size          output side S in pixels
 * @param mode          how the aspect ratio is handled
 * @param interpolation resampling filter
 * @param norm          per-channel normalisation
 */
public record Preprocessor(int size, ResizeMode mode, Interpolation interpolation, Normalization norm) {
    public Preprocessor {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
    }

    /** {@code img} resized to {@code S × S} RGB in [0, 1], before normalisation. */
    public RgbImage resize(RgbImage img) {
        int w = img.width();
        int h = img.height();
        return switch (mode) {
            case STRETCH -> w == size && h == size ? img : Resampler.resize(img, size, size, interpolation);
            case CROP -> {
                // shorter side to S; the longer one rounded as torchvision does: int(S * long / short)
                int rw = w <= h ? size : (int) ((long) size * w / h);
                int rh = w <= h ? (int) ((long) size * h / w) : size;
                RgbImage r = (rw == w && rh == h) ? img : Resampler.resize(img, rw, rh, interpolation);
                int x0 = (int) Math.rint((rw - size) / 2.0); // Python round(): half to even, as torchvision
                int y0 = (int) Math.rint((rh - size) / 2.0);
                yield (rw == size && rh == size) ? r : r.crop(x0, y0, size, size);
            }
            case PAD -> pad(img);
        };
    }

    /** Decoded image → normalised tensor {@code (3, S, S)}. */
    public FloatTensor apply(RgbImage img) {
        return normalize(resize(img));
    }

    /** {@code (v - mean) / std} per channel of an {@code S × S} image → {@code (3, S, S)}. */
    public FloatTensor normalize(RgbImage img) {
        float[] mean = norm.meanArray();
        float[] std = norm.stdArray();
        int plane = img.width() * img.height();
        float[] in = img.data();
        float[] out = new float[in.length];
        for (int c = 0; c < 3; c++) {
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = (in[i] - mean[c]) / std[c];
            }
        }
        return new FloatTensor(out, new long[] {3, img.height(), img.width()});
    }

    /** Inverse of {@link #normalize}: a {@code (3, S, S)} tensor back to RGB (not clamped). */
    public RgbImage denormalize(FloatTensor t) {
        float[] mean = norm.meanArray();
        float[] std = norm.stdArray();
        int h = (int) t.shape()[1];
        int w = (int) t.shape()[2];
        int plane = w * h;
        float[] in = t.data();
        float[] out = new float[in.length];
        for (int c = 0; c < 3; c++) {
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = in[i] * std[c] + mean[c];
            }
        }
        return new RgbImage(w, h, out);
    }

    private RgbImage pad(RgbImage img) {
        int w = img.width();
        int h = img.height();
        int rw = w >= h ? size : Math.max(1, (int) Math.round((double) size * w / h));
        int rh = w >= h ? Math.max(1, (int) Math.round((double) size * h / w)) : size;
        RgbImage r = (rw == w && rh == h) ? img : Resampler.resize(img, rw, rh, interpolation);
        if (rw == size && rh == size) {
            return r;
        }
        float[] mean = norm.meanArray();
        float[] out = new float[3 * size * size]; // (3, S, S), filled with the mean colour
        int x0 = (size - rw) / 2;
        int y0 = (size - rh) / 2;
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(out, c * size * size, (c + 1) * size * size, mean[c]);
            for (int y = 0; y < rh; y++) {
                System.arraycopy(r.data(), (c * rh + y) * rw, out, (c * size + y0 + y) * size + x0, rw);
            }
        }
        return new RgbImage(size, size, out);
    }
}
