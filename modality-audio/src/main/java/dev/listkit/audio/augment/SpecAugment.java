package dev.listkit.audio.augment;

import dev.listkit.core.data.FloatTensor;
import java.util.SplittableRandom;

/**
 * SpecAugment on a log-mel {@code (1, nMels, frames)}: an optional circular time shift, then frequency
 * masks, then time masks (widths clipped to the spectrogram). Deterministic given the state of the
 * {@link SplittableRandom}; returns a new tensor and leaves the input untouched.
 *
 * @param config counts, widths, mask value and shift
 */
public record SpecAugment(SpecAugmentConfig config) {

    /** The augmented copy of {@code x}. */
    public FloatTensor apply(FloatTensor x, SplittableRandom rng) {
        long[] shape = x.shape();
        if (shape.length != 3 || shape[0] != 1) {
            throw new IllegalArgumentException("expected (1, nMels, frames), got " + x.shapeString());
        }
        int nMels = (int) shape[1];
        int frames = (int) shape[2];
        float[] in = x.data();
        float[] out = shift(in, nMels, frames, rng);
        float value = config.maskValue() == MaskValue.MEAN ? mean(in) : 0f;
        for (int k = 0; k < config.freqMasks(); k++) {
            int[] span = span(nMels, config.freqMaskBands(), rng);
            for (int m = span[0]; m < span[1]; m++) {
                java.util.Arrays.fill(out, m * frames, (m + 1) * frames, value);
            }
        }
        for (int k = 0; k < config.timeMasks(); k++) {
            int[] span = span(frames, config.timeMaskFrames(), rng);
            for (int m = 0; m < nMels; m++) {
                java.util.Arrays.fill(out, m * frames + span[0], m * frames + span[1], value);
            }
        }
        return new FloatTensor(out, shape.clone());
    }

    private float[] shift(float[] in, int nMels, int frames, SplittableRandom rng) {
        int max = Math.min(config.timeShiftFrames(), frames);
        if (max == 0) {
            return in.clone();
        }
        int s = rng.nextInt(-max, max + 1);
        float[] out = new float[in.length];
        for (int m = 0; m < nMels; m++) {
            for (int t = 0; t < frames; t++) {
                out[m * frames + Math.floorMod(t + s, frames)] = in[m * frames + t]; // (1, nMels, frames)
            }
        }
        return out;
    }

    /** [start, end) of one mask: width uniform in [0, maxWidth] (clipped to n), start where it fits. */
    private static int[] span(int n, int maxWidth, SplittableRandom rng) {
        int w = rng.nextInt(Math.min(maxWidth, n) + 1);
        int start = rng.nextInt(n - w + 1);
        return new int[] {start, start + w};
    }

    private static float mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return v.length == 0 ? 0f : (float) (s / v.length);
    }
}
