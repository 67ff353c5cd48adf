package dev.listkit.audio.io;

/**
 * Decoded mono audio in [-1, 1].
 *
 * @param samples      mono samples (channels already averaged)
 * @param sampleRateHz sample rate of {@code samples}
 */
public record PcmAudio(float[] samples, int sampleRateHz) {
    public PcmAudio {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRateHz);
        }
    }

    /** Duration in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRateHz;
    }
}
