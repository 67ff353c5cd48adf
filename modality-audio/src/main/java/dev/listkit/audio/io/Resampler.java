package dev.listkit.audio.io;

/**
 * Sample-rate conversion.
 *
 * <p>PLACEHOLDER (to be replaced by a band-limited resampler): identity only.
 */
public final class Resampler {
    private Resampler() {
    }

    /** Resamples {@code x} from {@code fromHz} to {@code toHz}. */
    public static float[] resample(float[] x, int fromHz, int toHz) {
        if (fromHz == toHz) {
            return x.clone();
        }
        throw new UnsupportedOperationException("resampling not implemented yet");
    }
}
