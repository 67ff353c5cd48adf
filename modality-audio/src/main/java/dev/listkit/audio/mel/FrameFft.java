package dev.listkit.audio.mel;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * {@link FrameSpectra} one frame at a time through JTransforms' single-precision real FFT, for the sizes
 * {@link BlockFft} does not handle (odd {@code nFft}, or {@code nFft / 2} with a prime factor above 5).
 * Not thread-safe.
 */
final class FrameFft implements FrameSpectra {
    private final int nFft;
    private final int block;
    private final FloatFFT_1D fft;
    private final float[] buf;

    FrameFft(int nFft, int block) {
        this.nFft = nFft;
        this.block = block;
        this.fft = new FloatFFT_1D(nFft);
        this.buf = new float[nFft];
    }

    @Override
    public int block() {
        return block;
    }

    @Override
    public void compute(float[] signal, int origin, int hop, int frames, float[] window, int winStart, int winEnd,
            float[][] out, boolean magnitude) {
        int half = nFft / 2;
        boolean even = (nFft & 1) == 0;
        for (int j = 0; j < frames; j++) {
            java.util.Arrays.fill(buf, 0f);
            int o = origin + j * hop;
            for (int i = winStart; i < winEnd; i++) {
                buf[i] = signal[o + i] * window[i];
            }
            fft.realForward(buf);
            // JTransforms' packed layout: a[0] = Re X0, a[1] = Re X(n/2) (even n) or Im X((n-1)/2) (odd n)
            out[0][j] = buf[0] * buf[0];
            for (int k = 1; k < half; k++) {
                out[k][j] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            if (even) {
                out[half][j] = buf[1] * buf[1];
            } else {
                out[half][j] = buf[nFft - 1] * buf[nFft - 1] + buf[1] * buf[1];
            }
        }
        if (magnitude) {
            for (int k = 0; k <= half; k++) {
                float[] row = out[k];
                for (int j = 0; j < frames; j++) {
                    row[j] = (float) Math.sqrt(row[j]);
                }
            }
        }
    }
}
