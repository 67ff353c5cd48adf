package dev.listkit.audio.mel;

import dev.listkit.core.data.FloatTensor;

/**
 * The log-mel front end: optional pre-emphasis → STFT → power or magnitude → sparse mel filters → log
 * stage → optional affine normalisation, a pure function of its {@link MelConfig}. It matches
 * {@code torchaudio.transforms.MelSpectrogram} followed by {@code AmplitudeToDB} (or Whisper's
 * normalisation) to within 0.0011 dB, and EfficientAT's front end ({@code torch.stft} +
 * {@code torchaudio.compliance.kaldi.get_mel_banks}) to within 1e-4; {@code MelParityTest} checks this
 * against stored reference arrays.
 *
 * <p>How it is computed (all in single precision, as torch's float32 path): frames are processed in blocks
 * of up to 512 ({@link #blockFrames}); each block's spectra come from {@link BlockFft} (a real FFT vectorised across
 * the frames of the block; {@link FrameFft}, JTransforms one frame at a time, for sizes it does not
 * handle), as rows {@code [bin][frame]}, so the mel filters also run as loops over frames; each mel band of
 * the block is then compressed with {@link FastLog} and copied into the output.
 *
 * <p>Instances are immutable and thread-safe: the window and filters are precomputed once, and each
 * thread gets its own FFT plan and scratch rows, so {@link #compute} allocates only its output and a
 * padded copy of the input.
 *
 * <pre>{@code
 * LogMelSpectrogram mel = new LogMelSpectrogram(MelPresets.get("laion-clap"));
 * FloatTensor x = mel.compute(samples); // (1, 64, 1 + samples.length / 480)
 * }</pre>
 */
public final class LogMelSpectrogram {
    /**
     * Most frames per block: {@code min(512, 2^18 / nFft)}, i.e. 1 MB of FFT rows per thread (512 frames of a
     * 512-point FFT, 256 of a 1024-point one). Each FFT step is a loop over the frames of a block with a fixed
     * start-up cost, so long rows pay off: on 5-s clips default-16k took 0.35 ms at 128 frames and 0.26 at 512;
     * for 1024-point FFTs 256 frames was as fast as 512 or faster on the shared build machine (cache; throw-away
     * A/B runs, not committed).
     */
    static int blockFrames(int nFft) {
        return Math.max(16, Math.min(512, (1 << 18) / nFft));
    }

    private final MelConfig config;
    private final float[] window;    // (nFft,) zero outside the centred winLength samples
    private final int winStart;      // first non-zero window index
    private final int winEnd;
    private final MelFilterBank filters;
    private final LogStage logStage;
    private final ThreadLocal<Workspace> workspace;

    /** Precomputes the window and filters of {@code config}. */
    public LogMelSpectrogram(MelConfig config) {
        this(config, blockFrames(config.nFft()));
    }

    /** As {@link #LogMelSpectrogram(MelConfig)} with at most {@code blockFrames} frames per block (tests, tuning). */
    LogMelSpectrogram(MelConfig config, int blockFrames) {
        this.config = config;
        int nFft = config.nFft();
        float[] w = config.window().coefficients(config.winLength(), config.periodicWindow());
        this.winStart = (nFft - config.winLength()) / 2; // torch.stft pads a short window on both sides
        this.winEnd = winStart + config.winLength();
        this.window = new float[nFft];
        System.arraycopy(w, 0, window, winStart, w.length);
        this.filters = MelFilterBank.of(config);
        this.logStage = new LogStage(config);
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(config, window, winStart, winEnd, blockFrames));
    }

    /** The configuration this front end computes. */
    public MelConfig config() {
        return config;
    }

    /**
     * Log-mel of mono {@code samples} (taken to be at {@code config().sampleRateHz()}).
     *
     * @return (1, nMels, frames) with frames = {@link MelConfig#frames(int)}
     */
    public FloatTensor compute(float[] samples) {
        int frames = config.frames(samples.length);
        int nMels = config.nMels();
        float[] out = new float[nMels * frames]; // (nMels, frames)
        if (frames > 0) {
            Workspace ws = workspace.get();
            ws.frames.reset(padded(preEmphasised(samples)));
            boolean magnitude = config.power() == 1;
            // equal blocks of at most block() frames: 600 frames of a 256-frame block run as 200 x 3, not
            // 256 + 256 + 88 (short rows vectorise poorly)
            int blocks = (frames + ws.spectra.block() - 1) / ws.spectra.block();
            for (int b = 0, t0 = 0; b < blocks; b++) {
                int nb = (frames - t0) / (blocks - b);
                ws.spectra.compute(ws.frames, t0, nb, ws.spec, magnitude);
                for (int m = 0; m < nMels; m++) {
                    filters.band(m, ws.spec, nb, ws.acc);
                    logStage.compress(ws.acc, nb, ws.scratch);
                    System.arraycopy(ws.acc, 0, out, m * frames + t0, nb);
                }
                t0 += nb;
            }
        }
        logStage.finish(out);
        return new FloatTensor(out, new long[] {1, nMels, frames});
    }

    /** {@code x[n] - a x[n-1]} for {@code n >= 1} (one sample shorter), or {@code samples} as they are. */
    private float[] preEmphasised(float[] samples) {
        double a = config.preEmphasis();
        if (a == 0) {
            return samples;
        }
        float[] y = new float[config.stftSamples(samples.length)];
        for (int n = 0; n < y.length; n++) {
            y[n] = (float) (samples[n + 1] - a * samples[n]);
        }
        return y;
    }

    /** The signal with {@code nFft / 2} samples of centring padding on both sides (or as it is). */
    private float[] padded(float[] x) {
        if (!config.center()) {
            return x;
        }
        int pad = config.nFft() / 2;
        int n = x.length;
        float[] p = new float[n + 2 * pad];
        System.arraycopy(x, 0, p, pad, n);
        if (config.padMode() == PadMode.REFLECT && n > 0) {
            for (int i = 0; i < pad; i++) {
                p[i] = x[reflectIndex(i - pad, n)];
                p[pad + n + i] = x[reflectIndex(n + i, n)];
            }
        }
        return p;
    }

    /** numpy/torch "reflect" index (edge not repeated), folded as often as needed. */
    static int reflectIndex(int s, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(s, period);
        return m < n ? m : period - m;
    }

    /** Per-thread FFT plan and scratch rows. */
    private static final class Workspace {
        final FrameSpectra spectra;
        final float[][] spec; // (nFreqs,) references to the spectrum rows of the current block
        final float[] acc;    // (block,) one mel band
        final LogStage.Scratch scratch;
        final Frames frames;

        Workspace(MelConfig c, float[] window, int winStart, int winEnd, int block) {
            frames = new Frames(c.hopLength(), window, winStart, winEnd);
            spectra = FrameSpectra.of(c.nFft(), block);
            spec = new float[c.nFreqs()][]; // rows set by spectra.compute
            acc = new float[block];
            scratch = new LogStage.Scratch(block);
        }
    }
}
