package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a decode accepts, checked from the header before any sample buffer is allocated: a plausible
 * sample rate, and a largest number of frames (samples per channel) held in memory.
 *
 * <p>A header claiming 1 Hz (which once made the resampler allocate without bound) or 2 GHz is a
 * {@link MediaException} naming the file. {@code maxFrames} bounds every buffer a decode allocates for
 * samples: a whole-file decode of a longer file fails before reading the samples, and a windowed decode
 * ({@link FrameWindow}) never holds more than its window, so a long file can still be cropped.
 *
 * <pre>{@code
 * PcmAudio a = AudioDecoder.decode(file, DecodeLimits.DEFAULT, FrameWindow.ALL);
 * }</pre>
 *
 * @param minSampleRateHz lowest accepted sample rate
 * @param maxSampleRateHz highest accepted sample rate
 * @param maxFrames       largest number of frames decoded into memory
 */
public record DecodeLimits(int minSampleRateHz, int maxSampleRateHz, long maxFrames) {
    /**
     * 1 kHz to 384 kHz (the highest rate of common audio interfaces), at most 2^26 frames: 256 MiB of
     * float samples, 23 minutes at 48 kHz or 70 minutes at 16 kHz.
     */
    public static final DecodeLimits DEFAULT = new DecodeLimits(1_000, 384_000, 1L << 26);

    public DecodeLimits {
        if (minSampleRateHz < 1 || maxSampleRateHz < minSampleRateHz) {
            throw new IllegalArgumentException("need 1 <= minSampleRateHz <= maxSampleRateHz, got "
                    + minSampleRateHz + " and " + maxSampleRateHz);
        }
        if (maxFrames < 1 || maxFrames > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxFrames must be in [1, 2^31 - 9], got " + maxFrames);
        }
    }

    /** Throws when {@code rateHz} (as read from a header) is outside the accepted range. */
    void checkRate(Path file, long rateHz) throws MediaException {
        if (rateHz < minSampleRateHz || rateHz > maxSampleRateHz) {
            throw new MediaException(file, "implausible sample rate in header: " + rateHz + " Hz (accepted "
                    + minSampleRateHz + " to " + maxSampleRateHz + " Hz)");
        }
    }

    /**
     * The number of frames to allocate for a file declaring {@code declaredFrames} when the caller needs
     * {@code window} leading frames: {@code min(declared, window)}, after checking it against
     * {@link #maxFrames}. A whole-file decode ({@code window} = {@link Long#MAX_VALUE}) of a longer file
     * fails here, before anything is allocated.
     */
    int framesToAllocate(Path file, long declaredFrames, long window, int rateHz) throws MediaException {
        long frames = Math.min(declaredFrames, window);
        if (frames > maxFrames) {
            throw new MediaException(file, String.format(Locale.ROOT,
                    "audio too long to decode: %d frames (%.1f s at %d Hz) exceed the limit of %d frames",
                    frames, frames / (double) rateHz, rateHz, maxFrames));
        }
        return (int) frames;
    }
}
