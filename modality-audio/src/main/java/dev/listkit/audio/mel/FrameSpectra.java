package dev.listkit.audio.mel;

/**
 * Power or magnitude spectra of a block of STFT frames, written as rows {@code out[bin][frame]} so the
 * mel filters can run over frames with one index (see {@link BlockFft}). Not thread-safe: a thread owns
 * one.
 */
interface FrameSpectra {
    /** Frames per block. */
    int block();

    /**
     * Spectra of {@code frames <= block()} frames: frame {@code j} is {@code signal[origin + j * hop + i] *
     * window[i]} for {@code i} in {@code [winStart, winEnd)} and 0 elsewhere in {@code [0, nFft)}; the signal
     * already carries any centring padding. Afterwards {@code out[k][j]} holds bin {@code k <= nFft / 2} of
     * frame {@code j}; an implementation may replace the rows of {@code out} by its own scratch rows, valid
     * until its next call.
     */
    void compute(float[] signal, int origin, int hop, int frames, float[] window, int winStart, int winEnd,
            float[][] out, boolean magnitude);

    /** The vectorised {@link BlockFft} where it supports {@code nFft}, otherwise {@link FrameFft}. */
    static FrameSpectra of(int nFft, int block) {
        return BlockFft.supports(nFft) ? new BlockFft(nFft, block) : new FrameFft(nFft, block);
    }
}
