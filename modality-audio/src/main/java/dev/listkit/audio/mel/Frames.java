package dev.listkit.audio.mel;

/**
 * The windowed STFT frames of one (padded) signal, read either a frame at a time or a column at a time
 * (one sample index across consecutive frames, what {@link BlockFft} packs into a row). Columns come from
 * the signal split into its {@code hop} phases: {@code phase[r][q] = signal[q * hop + r]}, so sample
 * {@code i} of frames {@code t0 .. t0 + n - 1} is the contiguous run {@code phase[i % hop][t0 + i / hop ..]}:
 * one {@link System#arraycopy} and a vectorised scale instead of {@code n} strided loads. Not thread-safe;
 * a thread reuses one for every clip.
 */
final class Frames {
    private final int hop;
    private final float[] window;  // (nFft,) zero outside [winStart, winEnd)
    private final int winStart;
    private final int winEnd;
    private float[] signal;
    private float[][] phase = new float[0][];
    private int phaseLength;
    private boolean phased;

    Frames(int hop, float[] window, int winStart, int winEnd) {
        this.hop = hop;
        this.window = window;
        this.winStart = winStart;
        this.winEnd = winEnd;
    }

    /** Uses {@code padded} (already carrying any centring padding) until the next call. */
    void reset(float[] padded) {
        this.signal = padded;
        this.phased = false;
    }

    int winStart() {
        return winStart;
    }

    int winEnd() {
        return winEnd;
    }

    /** Frame {@code t}: {@code dst[i] = signal[t * hop + i] * window[i]}, 0 outside the window. */
    void frame(int t, float[] dst) {
        java.util.Arrays.fill(dst, 0f);
        int o = t * hop;
        for (int i = winStart; i < winEnd; i++) {
            dst[i] = signal[o + i] * window[i];
        }
    }

    /** Window value {@code i} (0 outside the window). */
    float window(int i) {
        return window[i];
    }

    /** Sample {@code i} (inside the window) of frames {@code t0 .. t0 + n - 1}, windowed, into {@code dst[0 .. n)}. */
    void column(int i, int t0, int n, float[] dst) {
        columnRaw(i, t0, n, dst);
        float w = window[i];
        for (int j = 0; j < n; j++) {
            dst[j] *= w;
        }
    }

    /** As {@link #column} without the window (the caller applies {@link #window(int)}). */
    void columnRaw(int i, int t0, int n, float[] dst) {
        if (!phased) {
            split();
        }
        System.arraycopy(phase[i % hop], t0 + i / hop, dst, 0, n);
    }

    private void split() {
        int q = (signal.length + hop - 1) / hop;
        if (phase.length != hop || phaseLength < q) {
            phaseLength = Math.max(q, phaseLength + phaseLength / 2);
            phase = new float[hop][phaseLength];
        }
        int full = signal.length / hop;
        // tiles of 128 hops: each phase row gets 128 consecutive writes per tile (throw-away microbenchmark:
        // 0.21 ns a sample at hops 160-480, against 0.32 with tiles of 16 and 0.2-0.55 untiled, by hop)
        for (int k0 = 0; k0 < full; k0 += 128) {
            int k1 = Math.min(full, k0 + 128);
            for (int r = 0; r < hop; r++) {
                float[] p = phase[r];
                for (int k = k0, i = k0 * hop + r; k < k1; k++, i += hop) {
                    p[k] = signal[i];
                }
            }
        }
        for (int r = 0; full * hop + r < signal.length; r++) {
            phase[r][full] = signal[full * hop + r];
        }
        phased = true;
    }
}
