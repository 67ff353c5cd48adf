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
     * Spectra of frames {@code t0 .. t0 + n - 1} of {@code frames}, {@code n <= block()}. Afterwards
     * {@code out[k][j]} holds bin {@code k <= nFft / 2} of frame {@code t0 + j}: the implementation sets the
     * rows of {@code out} (length {@code nFft / 2 + 1}) to its own scratch rows, valid until its next call.
     */
    void compute(Frames frames, int t0, int n, float[][] out, boolean magnitude);

    /** The vectorised {@link BlockFft} where it supports {@code nFft}, otherwise {@link FrameFft}. */
    static FrameSpectra of(int nFft, int block) {
        return BlockFft.supports(nFft) ? new BlockFft(nFft, block) : new FrameFft(nFft, block);
    }
}
