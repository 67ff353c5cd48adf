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
    private final float[][] rows; // (nFft / 2 + 1, block) spectrum rows handed out through compute's out

    FrameFft(int nFft, int block) {
        this.nFft = nFft;
        this.block = block;
        this.fft = new FloatFFT_1D(nFft);
        this.buf = new float[nFft];
        this.rows = new float[nFft / 2 + 1][block];
    }

    @Override
    public int block() {
        return block;
    }

    @Override
    public void compute(Frames frames, int t0, int n, float[][] out, boolean magnitude) {
        System.arraycopy(rows, 0, out, 0, rows.length);
        int half = nFft / 2;
        boolean even = (nFft & 1) == 0;
        for (int j = 0; j < n; j++) {
            frames.frame(t0 + j, buf);
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
                for (int j = 0; j < n; j++) {
                    row[j] = (float) Math.sqrt(row[j]);
                }
            }
        }
    }
}
