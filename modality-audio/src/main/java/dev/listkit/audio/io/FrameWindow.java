package dev.listkit.audio.io;

/**
 * How many leading frames of a file a caller needs, given the file's native sample rate: a decode stops
 * there instead of converting (and allocating) the whole file. Loaders such as {@code AudioModality} that
 * keep only the first seconds of a clip use it to crop before resampling.
 *
 * <pre>{@code
 * FrameWindow firstSecond = rateHz -> rateHz;           // one second at any rate
 * PcmAudio head = AudioDecoder.decode(file, DecodeLimits.DEFAULT, firstSecond);
 * }</pre>
 */
@FunctionalInterface
public interface FrameWindow {
    /** The whole file. */
    FrameWindow ALL = rateHz -> Long.MAX_VALUE;

    /**
     * @param sampleRateHz the file's native rate, already checked against the {@link DecodeLimits}
     * @return frames needed from the start, {@code >= 1}; {@link Long#MAX_VALUE} for all
     */
    long framesNeeded(int sampleRateHz);
}
