package dev.listkit.audio.mel;

import java.util.ArrayList;
import java.util.List;

/**
 * Power (or magnitude) spectra of a block of real frames at once, in single precision, vectorised
 * across frames: every value of the transform is a row {@code float[block]} holding that value for each
 * frame of the block, and every step of the FFT is a small loop over frames, which HotSpot's C2 compiles
 * to SIMD code (AVX2 / AVX-512).
 *
 * <p>Why written here: no Java FFT library works across frames, and JTransforms' {@code FloatFFT_1D} measured
 * no faster than its double FFT on the build machine (1.3 µs per 512-point frame, throw-away
 * microbenchmark). Why so many small loops: C2 in Java 17 vectorises a loop only if its arrays share one index expression (a single FFT's butterflies
 * index one array at several offsets) and its body is small; a whole radix-4 butterfly in one loop stays
 * scalar. Each kernel below (a butterfly {@code a, b <- a + b, a - b} on four rows, a twiddle multiply on
 * two, ...) was checked to vectorise by timing it with and without {@code -XX:-UseSuperWord}; all work in
 * place, and all are called through one virtual dispatch ({@link Kernel}) so that C2 compiles each on its
 * own: inlined together into a stage loop some were left scalar.
 *
 * <p>Method: a real frame of even length {@code N} is packed as {@code M = N / 2} complex values
 * {@code z[n] = x[2n] + i x[2n+1]}, transformed in place by a mixed-radix (4, 2, 3, 5) decimation-in-frequency
 * FFT, which leaves {@code Z[k]} in the row at the digit-reversed position {@code pos[k]} (rows are
 * references, so reordering within a butterfly is a pointer swap), and unpacked into the {@code M + 1}
 * bins of the real spectrum. {@link #supports} says which sizes; others use {@link FrameFft}.
 * {@code BlockFftTest} checks it against JTransforms' double-precision FFT.
 *
 * <p>Not thread-safe: each thread owns one (it holds the scratch rows).
 */
final class BlockFft implements FrameSpectra {
    private final int half;          // M = nFft / 2 complex points
    private final int block;         // frames per block (row length)
    private final Stage[] stages;
    private final int[] pos;         // (M,) row of Z[k] after the transform
    private final float[] unpackCos; // (M + 1,) cos(2 pi k / nFft)
    private final float[] unpackSin; // (M + 1,) sin(2 pi k / nFft)
    private final float[][] re;      // (M, block) real parts, transformed in place
    private final float[][] im;      // (M, block) imaginary parts
    private final float[] last;      // (block,) spectrum row M (the others reuse re / im rows)
    private final boolean fuseWindow; // first stage radix 4: it applies the window (scaleRe / scaleIm)
    private final float[] scaleRe;   // (M,) window value of sample 2n, 0 outside the window
    private final float[] scaleIm;   // (M,) window value of sample 2n + 1

    /** One stage: radix {@code r} on blocks of length {@code n}; twiddle {@code w_n^(p k)} at {@code p(r-1) + k-1}. */
    private record Stage(int radix, int n, float[] twRe, float[] twIm) {
    }

    BlockFft(int nFft, int block) {
        if (!supports(nFft)) {
            throw new IllegalArgumentException("BlockFft needs an even nFft whose half has only factors 2, 3, 5: "
                    + nFft);
        }
        this.half = nFft / 2;
        this.block = block;
        List<Integer> radices = radices(half);
        this.stages = stages(half, radices);
        this.pos = digitReversal(half, radices);
        this.unpackCos = new float[half + 1];
        this.unpackSin = new float[half + 1];
        for (int k = 0; k <= half; k++) {
            double a = 2.0 * Math.PI * k / nFft;
            unpackCos[k] = (float) Math.cos(a);
            unpackSin[k] = (float) Math.sin(a);
        }
        re = new float[half][block];
        im = new float[half][block];
        last = new float[block];
        fuseWindow = stages.length > 0 && stages[0].radix == 4;
        scaleRe = new float[half];
        scaleIm = new float[half];
    }

    /** Whether {@code nFft} is even and {@code nFft / 2} factors into 2, 3 and 5. */
    static boolean supports(int nFft) {
        if (nFft < 2 || nFft % 2 != 0) {
            return false;
        }
        int m = nFft / 2;
        for (int p : new int[] {2, 3, 5}) {
            while (m % p == 0) {
                m /= p;
            }
        }
        return m == 1;
    }

    @Override
    public int block() {
        return block;
    }

    @Override
    public void compute(Frames source, int t0, int frames, float[][] out, boolean magnitude) {
        // pack z[n] = x[2n] + i x[2n+1] of every frame, one row (sample index) at a time; when the first stage
        // is radix 4 its first butterflies multiply by the window (one pass fewer over every row)
        for (int n = 0; n < half; n++) {
            load(re[n], source, 2 * n, t0, frames, !fuseWindow);
            load(im[n], source, 2 * n + 1, t0, frames, !fuseWindow);
            if (fuseWindow) {
                scaleRe[n] = source.window(2 * n);
                scaleIm[n] = source.window(2 * n + 1);
            }
        }
        if (stages.length > 0) {
            transform(0, 0, frames);
        }
        unpack(out, frames);
        if (magnitude) {
            for (int k = 0; k <= half; k++) {
                float[] o = out[k];
                for (int j = 0; j < frames; j++) {
                    o[j] = (float) Math.sqrt(o[j]);
                }
            }
        }
    }

    private static void load(float[] row, Frames source, int i, int t0, int frames, boolean windowed) {
        if (i < source.winStart() || i >= source.winEnd()) {
            java.util.Arrays.fill(row, 0, frames, 0f); // outside the window: never read the signal there
        } else if (windowed) {
            source.column(i, t0, frames, row);
        } else {
            source.columnRaw(i, t0, frames, row);
        }
    }

    // ---- plan ----

    /** Radices for {@code m} points: 4 while possible, then 2, 3, 5. */
    private static List<Integer> radices(int m) {
        List<Integer> out = new ArrayList<>();
        int rest = m;
        while (rest % 4 == 0) {
            out.add(4);
            rest /= 4;
        }
        for (int p : new int[] {2, 3, 5}) {
            while (rest % p == 0) {
                out.add(p);
                rest /= p;
            }
        }
        return out;
    }

    private static Stage[] stages(int m, List<Integer> radices) {
        Stage[] out = new Stage[radices.size()];
        int n = m;
        for (int i = 0; i < out.length; i++) {
            int r = radices.get(i);
            int sub = n / r;
            float[] twRe = new float[sub * (r - 1)];
            float[] twIm = new float[sub * (r - 1)];
            for (int p = 0; p < sub; p++) {
                for (int k = 1; k < r; k++) {
                    double a = -2.0 * Math.PI * p * k / n;
                    twRe[p * (r - 1) + k - 1] = (float) Math.cos(a);
                    twIm[p * (r - 1) + k - 1] = (float) Math.sin(a);
                }
            }
            out[i] = new Stage(r, n, twRe, twIm);
            n = sub;
        }
        return out;
    }

    /**
     * Where decimation in frequency leaves {@code Z[k]}: with {@code k = k0 + r0 (k1 + r1 (k2 + ...))}, stage
     * {@code i} sends digit {@code k_i} to offset {@code k_i m / (r0 ... r_i)}.
     */
    private static int[] digitReversal(int m, List<Integer> radices) {
        int[] out = new int[m];
        for (int k = 0; k < m; k++) {
            int rest = k;
            int p = 0;
            int len = m;
            for (int r : radices) {
                len /= r;
                p += (rest % r) * len;
                rest /= r;
            }
            out[k] = p;
        }
        return out;
    }

    // ---- stages: in place on rows b + p + l * (n / r), output k back at row l = k, then twiddled by w_n^(p k) ----

    /**
     * Stage {@code s} on the block of rows starting at {@code b}, then, depth first, the next stages on each of
     * its sub-blocks: once a sub-block's rows fit in a cache level, all its remaining stages run there instead
     * of every stage streaming all rows through it (0-5 % faster than stage by stage, measured). Each
     * butterfly is the same as in stage-by-stage order, so the results are identical.
     */
    private void transform(int s, int b, int nb) {
        Stage st = stages[s];
        switch (st.radix) {
            case 4 -> radix4(st, b, nb, s == 0 && fuseWindow);
            case 2 -> radix2(st, b, nb);
            case 3 -> radix3(st, b, nb);
            default -> radix5(st, b, nb);
        }
        if (s + 1 < stages.length) {
            int sub = st.n / st.radix;
            for (int k = 0; k < st.radix; k++) {
                transform(s + 1, b + k * sub, nb);
            }
        }
    }

    private void radix2(Stage st, int b, int nb) {
        int sub = st.n / 2;
        for (int p = 0; p < sub; p++) {
            int i0 = b + p;
            int i1 = i0 + sub;
            if (p > 0) {
                run(BUTTERFLY_TWIDDLE, re[i0], re[i1], im[i0], im[i1], st.twRe[p], st.twIm[p], 0f, 0f, nb);
            } else {
                run(BUTTERFLY, re[i0], re[i1], im[i0], im[i1], 0f, 0f, 0f, 0f, nb);
            }
        }
    }

    private void radix4(Stage st, int b, int nb, boolean window) {
        int sub = st.n / 4;
        for (int p = 0; p < sub; p++) {
            int i0 = b + p;
            int i1 = i0 + sub;
            int i2 = i1 + sub;
            int i3 = i2 + sub;
            if (window) { // rows 0, 2: a0 + a2, a0 - a2; rows 1, 3: a1 + a3, a1 - a3, inputs times the window
                run(SCALED_BUTTERFLY, re[i0], re[i2], im[i0], im[i2], scaleRe[i0], scaleRe[i2], scaleIm[i0],
                        scaleIm[i2], nb);
                run(SCALED_BUTTERFLY, re[i1], re[i3], im[i1], im[i3], scaleRe[i1], scaleRe[i3], scaleIm[i1],
                        scaleIm[i3], nb);
            } else {
                run(BUTTERFLY, re[i0], re[i2], im[i0], im[i2], 0f, 0f, 0f, 0f, nb); // rows 0, 2: a0 + a2, a0 - a2
                run(BUTTERFLY, re[i1], re[i3], im[i1], im[i3], 0f, 0f, 0f, 0f, nb); // rows 1, 3: a1 + a3, a1 - a3
            }
            if (p > 0) {
                int t = 3 * p;
                // rows 0, 1: out 0, out 2 w^2p; rows 2, 3: out 1 w^p = (d02 - i d13) w^p, out 3 w^3p
                run(BUTTERFLY_TWIDDLE, re[i0], re[i1], im[i0], im[i1], st.twRe[t + 1], st.twIm[t + 1], 0f, 0f, nb);
                run(ROTATE_TWIDDLE, re[i2], im[i2], re[i3], im[i3], st.twRe[t], st.twIm[t], st.twRe[t + 2],
                        st.twIm[t + 2], nb);
            } else {
                run(BUTTERFLY, re[i0], re[i1], im[i0], im[i1], 0f, 0f, 0f, 0f, nb);
                run(ROTATE, re[i2], im[i2], re[i3], im[i3], 0f, 0f, 0f, 0f, nb);
            }
            swap(i1, i2);                                  // out k now in row k
        }
    }

    private void radix3(Stage st, int b, int nb) {
        final float h = (float) (Math.sqrt(3.0) / 2.0);
        int sub = st.n / 3;
        for (int p = 0; p < sub; p++) {
            int i0 = b + p;
            int i1 = i0 + sub;
            int i2 = i1 + sub;
            run(BUTTERFLY, re[i1], re[i2], im[i1], im[i2], 0f, 0f, 0f, 0f, nb); // t = a1 + a2, d = a1 - a2
            // out 0 = a0 + t, u = a0 - t / 2
            run(SUM_AND_SHIFT, re[i0], re[i1], im[i0], im[i1], -0.5f, 0f, 0f, 0f, nb);
            run(SCALE, re[i2], im[i2], null, null, h, 0f, 0f, 0f, nb); // h d
            // out 1 = u - i h d, out 2 = u + i h d
            run(ROTATE, re[i1], im[i1], re[i2], im[i2], 0f, 0f, 0f, 0f, nb);
            if (p > 0) {
                run(TWIDDLE2, re[i1], im[i1], re[i2], im[i2], st.twRe[2 * p], st.twIm[2 * p], st.twRe[2 * p + 1],
                        st.twIm[2 * p + 1], nb);
            }
        }
    }

    private void radix5(Stage st, int b, int nb) {
        final float c1 = (float) Math.cos(2 * Math.PI / 5);
        final float c2 = (float) Math.cos(4 * Math.PI / 5);
        final float s1 = (float) Math.sin(2 * Math.PI / 5);
        final float s2 = (float) Math.sin(4 * Math.PI / 5);
        final float alpha = (c1 + c2) / 2;
        final float beta = (c1 - c2) / 2;
        int sub = st.n / 5;
        for (int p = 0; p < sub; p++) {
            int i0 = b + p;
            int i1 = i0 + sub;
            int i2 = i1 + sub;
            int i3 = i2 + sub;
            int i4 = i3 + sub;
            run(BUTTERFLY, re[i1], re[i4], im[i1], im[i4], 0f, 0f, 0f, 0f, nb); // b1 = a1 + a4, d1 = a1 - a4
            run(BUTTERFLY, re[i2], re[i3], im[i2], im[i3], 0f, 0f, 0f, 0f, nb); // b2 = a2 + a3, d2 = a2 - a3
            run(BUTTERFLY, re[i1], re[i2], im[i1], im[i2], 0f, 0f, 0f, 0f, nb); // u = b1 + b2, v = b1 - b2
            // out 0 = a0 + u, t = a0 + alpha u
            run(SUM_AND_SHIFT, re[i0], re[i1], im[i0], im[i1], alpha, 0f, 0f, 0f, nb);
            run(SPREAD, re[i1], re[i2], im[i1], im[i2], beta, 0f, 0f, 0f, nb); // e1 = t + beta v, e2 = t - beta v
            // f1 = s1 d1 + s2 d2, f2 = s2 d1 - s1 d2 is (d1 + i d2)(s2 + i s1) = f2 + i f1, on re and im rows at
            // once (a loop written as two real combinations is not vectorised by C2); then f1 back to row 4
            run(TWIDDLE2, re[i4], re[i3], im[i4], im[i3], s2, s1, s2, s1, nb);
            swap(i3, i4);
            if (p > 0) {
                int t = 4 * p;
                // out 1 = e1 - i f1, out 4 = e1 + i f1, out 2 = e2 - i f2, out 3 = e2 + i f2, twiddled
                run(ROTATE_TWIDDLE, re[i1], im[i1], re[i4], im[i4], st.twRe[t], st.twIm[t], st.twRe[t + 3],
                        st.twIm[t + 3], nb);
                run(ROTATE_TWIDDLE, re[i2], im[i2], re[i3], im[i3], st.twRe[t + 1], st.twIm[t + 1], st.twRe[t + 2],
                        st.twIm[t + 2], nb);
            } else {
                run(ROTATE, re[i1], im[i1], re[i4], im[i4], 0f, 0f, 0f, 0f, nb);
                run(ROTATE, re[i2], im[i2], re[i3], im[i3], 0f, 0f, 0f, 0f, nb);
            }
        }
    }

    private void swap(int i, int j) {
        float[] t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
    }

    // ---- kernel dispatch: each kernel compiled on its own ----

    /**
     * One kernel behind a call site that sees every kernel type, so C2 does not inline kernels into the
     * stage loops: inlined together (six loops in one compilation unit) some of them were left scalar
     * (the butterfly-with-twiddle ran at 0.87 ns a frame inside the radix-4 stage against 0.20 on its
     * own, measured); compiled on its own each one is vectorised. The virtual call costs a few ns per call.
     */
    private abstract static class Kernel {
        abstract void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb);
    }

    private static final int BUTTERFLY = 0;
    private static final int BUTTERFLY_TWIDDLE = 1;
    private static final int ROTATE_TWIDDLE = 2;
    private static final int TWIDDLE2 = 3;
    private static final int SCALED_BUTTERFLY = 4;
    private static final int ROTATE = 5;
    private static final int SUM_AND_SHIFT = 6;
    private static final int SPREAD = 7;
    private static final int UNPACK_PAIR = 8;
    private static final int SCALE = 9;
    private static final Kernel[] KERNELS = {
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                butterfly(a, b, c, d, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                butterflyTwiddle(a, b, c, d, w1, w2, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                rotateTwiddle(a, b, c, d, w1, w2, w3, w4, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                twiddle2(a, b, c, d, w1, w2, w3, w4, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                scaledButterfly(a, b, c, d, w1, w2, w3, w4, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                rotate(a, b, c, d, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                sumAndShift(a, b, c, d, w1, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                spread(a, b, c, d, w1, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                unpackPair(a, b, c, d, w1, w2, nb);
            }
        },
        new Kernel() {
            @Override
            void run(float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3, float w4, int nb) {
                scale(a, b, w1, nb);
            }
        },
    };

    private static void run(int kernel, float[] a, float[] b, float[] c, float[] d, float w1, float w2, float w3,
            float w4, int nb) {
        KERNELS[kernel].run(a, b, c, d, w1, w2, w3, w4, nb);
    }

    // ---- kernels: each one small loop over frames, in place ----

    /** {@code (a, b) <- (a + b, a - b)} for the complex rows {@code a = ar + i ai}, {@code b = br + i bi}. */
    private static void butterfly(float[] ar, float[] br, float[] ai, float[] bi, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = ar[j];
            float q = br[j];
            float r = ai[j];
            float s = bi[j];
            ar[j] = p + q;
            br[j] = p - q;
            ai[j] = r + s;
            bi[j] = r - s;
        }
    }

    /** {@code (a, b) <- (a' + b', a' - b')} with {@code a' = (ar ca + i ai cai)}, {@code b' = (br cb + i bi cbi)}. */
    private static void scaledButterfly(float[] ar, float[] br, float[] ai, float[] bi, float ca, float cb, float cai,
            float cbi, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = ar[j] * ca;
            float q = br[j] * cb;
            float r = ai[j] * cai;
            float s = bi[j] * cbi;
            ar[j] = p + q;
            br[j] = p - q;
            ai[j] = r + s;
            bi[j] = r - s;
        }
    }

    /** {@code (e, f) <- (e - i f, e + i f)}. */
    private static void rotate(float[] er, float[] ei, float[] fr, float[] fi, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = er[j];
            float q = ei[j];
            float r = fr[j];
            float s = fi[j];
            er[j] = p + s;
            ei[j] = q - r;
            fr[j] = p - s;
            fi[j] = q + r;
        }
    }

    /**
     * {@code (a, b) <- (a + b, (a - b) w)}. The form matters to C2: written {@code dr wr - di wi},
     * {@code dr wi + di wr} this loop stays scalar; as two sums of products with {@code -wi} it is vectorised
     * (measured), with bit-identical results.
     */
    private static void butterflyTwiddle(float[] ar, float[] br, float[] ai, float[] bi, float wr, float wi, int nb) {
        float nwi = -wi;
        for (int j = 0; j < nb; j++) {
            float p = ar[j];
            float q = br[j];
            float r = ai[j];
            float s = bi[j];
            float dr = p - q;
            float di = r - s;
            ar[j] = p + q;
            ai[j] = r + s;
            br[j] = dr * wr + di * nwi;
            bi[j] = di * wr + dr * wi;
        }
    }

    /** {@code (e, f) <- ((e - i f) v, (e + i f) w)}. */
    private static void rotateTwiddle(float[] er, float[] ei, float[] fr, float[] fi, float vr, float vi, float wr,
            float wi, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = er[j];
            float q = ei[j];
            float r = fr[j];
            float s = fi[j];
            float ar = p + s;
            float ai = q - r;
            float br = p - s;
            float bi = q + r;
            er[j] = ar * vr - ai * vi;
            ei[j] = ar * vi + ai * vr;
            fr[j] = br * wr - bi * wi;
            fi[j] = br * wi + bi * wr;
        }
    }

    /** {@code x <- x w}, {@code y <- y v}: two twiddles in one loop (still vectorised). */
    private static void twiddle2(float[] xr, float[] xi, float[] yr, float[] yi, float wr, float wi, float vr, float vi,
            int nb) {
        for (int j = 0; j < nb; j++) {
            float p = xr[j];
            float q = xi[j];
            float r = yr[j];
            float s = yi[j];
            xr[j] = p * wr - q * wi;
            xi[j] = p * wi + q * wr;
            yr[j] = r * vr - s * vi;
            yi[j] = r * vi + s * vr;
        }
    }

    /** {@code (a, u) <- (a + u, a + c u)} on the complex rows {@code a = ar + i ai}, {@code u = ur + i ui}. */
    private static void sumAndShift(float[] ar, float[] ur, float[] ai, float[] ui, float c, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = ar[j];
            float q = ur[j];
            float r = ai[j];
            float s = ui[j];
            ar[j] = p + q;
            ur[j] = p + c * q;
            ai[j] = r + s;
            ui[j] = r + c * s;
        }
    }

    /** {@code (t, v) <- (t + c v, t - c v)} on complex rows. */
    private static void spread(float[] tr, float[] vr, float[] ti, float[] vi, float c, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = tr[j];
            float q = c * vr[j];
            float r = ti[j];
            float s = c * vi[j];
            tr[j] = p + q;
            vr[j] = p - q;
            ti[j] = r + s;
            vi[j] = r - s;
        }
    }

    /** {@code x <- c x} for both rows. */
    private static void scale(float[] xr, float[] xi, float c, int nb) {
        for (int j = 0; j < nb; j++) {
            xr[j] *= c;
            xi[j] *= c;
        }
    }

    // ---- unpack ----

    /**
     * Real spectrum from the packed transform {@code Z}: with {@code A = Z[k]}, {@code B = Z[M-k]},
     * {@code 2X[k] = E + W O} and {@code |2X[M-k]| = |E - W O|}, where {@code E = A + conj B},
     * {@code O = (A - conj B) / i} and {@code W = exp(-2 pi i k / N)}. Spectrum rows reuse the rows of
     * {@code Z}: {@code out[k]} and {@code out[M-k]} become the real rows of {@code Z[k]} and {@code Z[M-k]}.
     */
    private void unpack(float[][] out, int nb) {
        float[] r0 = re[pos[0]];
        float[] i0 = im[pos[0]];
        // X[0] = Re Z0 + Im Z0, X[M] = Re Z0 - Im Z0
        for (int j = 0; j < nb; j++) {
            float p = r0[j];
            float q = i0[j];
            float a = p + q;
            float b = p - q;
            r0[j] = a * a;
            last[j] = b * b;
        }
        out[0] = r0;
        out[half] = last;
        for (int k = 1; 2 * k < half; k++) {
            float[] ar = re[pos[k]];
            float[] ai = im[pos[k]];
            float[] br = re[pos[half - k]];
            float[] bi = im[pos[half - k]];
            // |X[k]|^2 into ar, |X[M-k]|^2 into br
            run(UNPACK_PAIR, ar, ai, br, bi, unpackCos[k], unpackSin[k], 0f, 0f, nb);
            out[k] = ar;
            out[half - k] = br;
        }
        if (half % 2 == 0 && half > 0) {
            // k = M / 2 pairs with itself: |X[M/2]| = |Z[M/2]|
            int k = half / 2;
            float[] ar = re[pos[k]];
            float[] ai = im[pos[k]];
            for (int j = 0; j < nb; j++) {
                float p = ar[j];
                float q = ai[j];
                ar[j] = p * p + q * q;
            }
            out[k] = ar;
        }
    }

    /**
     * One pair of bins: with {@code s + i t = A + B}, {@code d + i u = A - B} ({@code A = Z[k]}, {@code B = Z[M-k]}),
     * {@code E = s + i u}, {@code O = t - i d}, {@code W O = (c t - sn d) - i (c d + sn t)}; writes
     * {@code |E + W O|^2 / 4} into {@code ar} and {@code |E - W O|^2 / 4} into {@code br}. (One loop: C2
     * vectorises it whole, measured.)
     */
    private static void unpackPair(float[] ar, float[] ai, float[] br, float[] bi, float c, float sn, int nb) {
        for (int j = 0; j < nb; j++) {
            float p = ar[j];
            float q = br[j];
            float r = ai[j];
            float v = bi[j];
            float s = p + q;
            float d = p - q;
            float t = r + v;
            float u = r - v;
            float wr = c * t - sn * d;
            float wi = c * d + sn * t;
            float xr = s + wr;
            float xi = u - wi;
            float yr = s - wr;
            float yi = u + wi;
            ar[j] = 0.25f * (xr * xr + xi * xi);
            br[j] = 0.25f * (yr * yr + yi * yi);
        }
    }
}
