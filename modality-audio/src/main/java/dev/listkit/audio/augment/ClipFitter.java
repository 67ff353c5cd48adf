package dev.listkit.audio.augment;

import java.util.SplittableRandom;

/**
 * Crops or pads a waveform to exactly {@code targetSamples}. {@link #fitStart} is the deterministic
 * form used at load time (keep the start, pad at the end); {@link #fitRandom} picks the crop offset,
 * or where the signal sits inside the padding, from a {@link SplittableRandom}, for training.
 *
 * @param targetSamples output length in samples, {@code >= 1}
 * @param fill          how a short clip is extended
 */
public record ClipFitter(int targetSamples, Fill fill) {
    /** How a clip shorter than the target is extended. */
    public enum Fill {
        /** Silence. */
        ZEROS,
        /** The clip repeated end to end (an empty clip gives silence). */
        LOOP
    }

    public ClipFitter {
        if (targetSamples < 1) {
            throw new IllegalArgumentException("targetSamples must be >= 1, got " + targetSamples);
        }
        if (fill == null) {
            throw new IllegalArgumentException("fill must be set");
        }
    }

    /** The first {@code targetSamples} samples, padded at the end if the clip is shorter. */
    public float[] fitStart(float[] x) {
        return place(x, 0, 0);
    }

    /**
     * A random {@code targetSamples} window of a long clip; a short clip placed at a random offset in
     * silence ({@link Fill#ZEROS}) or looped from a random phase ({@link Fill#LOOP}).
     */
    public float[] fitRandom(float[] x, SplittableRandom rng) {
        if (x.length >= targetSamples) {
            return place(x, rng.nextInt(x.length - targetSamples + 1), 0);
        }
        int shift = fill == Fill.ZEROS ? rng.nextInt(targetSamples - x.length + 1)
                : (x.length == 0 ? 0 : rng.nextInt(x.length));
        return place(x, 0, shift);
    }

    /** Output sample i comes from x[cropStart + i] (long clips); short clips are shifted right by {@code shift}. */
    private float[] place(float[] x, int cropStart, int shift) {
        float[] out = new float[targetSamples];
        if (x.length >= targetSamples) {
            System.arraycopy(x, cropStart, out, 0, targetSamples);
        } else if (fill == Fill.ZEROS) {
            System.arraycopy(x, 0, out, shift, x.length);
        } else if (x.length > 0) {
            // loop: out[i] = x[(i + phase) mod len], phase chosen so the clip starts at out[shift]
            int phase = Math.floorMod(-shift, x.length);
            for (int i = 0; i < targetSamples; i++) {
                out[i] = x[(i + phase) % x.length];
            }
        }
        return out;
    }
}
