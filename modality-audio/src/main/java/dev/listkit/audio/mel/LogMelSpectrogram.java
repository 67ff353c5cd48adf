package dev.listkit.audio.mel;

import dev.listkit.core.data.FloatTensor;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The log-mel front end: optional pre-emphasis → STFT (JTransforms, double precision) → power or
 * magnitude → sparse mel filters → log stage → optional affine normalisation, a pure function of its
 * {@link MelConfig}. It matches {@code torchaudio.transforms.MelSpectrogram} followed by
 * {@code AmplitudeToDB} (or Whisper's normalisation) to within 0.0011 dB, and EfficientAT's front end
 * ({@code torch.stft} + {@code torchaudio.compliance.kaldi.get_mel_banks}) to within 1e-4;
 * {@code MelParityTest} checks this against stored reference arrays.
 *
 * <p>Instances are immutable and thread-safe: the window and filters are precomputed once, and each
 * thread gets its own FFT plan and scratch buffers, so {@link #compute} allocates only its output.
 *
 * <pre>{@code
 * LogMelSpectrogram mel = new LogMelSpectrogram(MelPresets.get("laion-clap"));
 * FloatTensor x = mel.compute(samples); // (1, 64, 1 + samples.length / 480)
 * }</pre>
 */
public final class LogMelSpectrogram {
    private final MelConfig config;
    private final double[] window;   // (nFft,) zero outside the centred winLength samples
    private final int winStart;      // first non-zero window index
    private final MelFilterBank filters;
    private final ThreadLocal<Workspace> workspace;

    /** Precomputes the window and filters of {@code config}. */
    public LogMelSpectrogram(MelConfig config) {
        this.config = config;
        int nFft = config.nFft();
        float[] w = config.window().coefficients(config.winLength(), config.periodicWindow());
        this.winStart = (nFft - config.winLength()) / 2; // torch.stft pads a short window on both sides
        this.window = new double[nFft];
        for (int i = 0; i < w.length; i++) {
            window[winStart + i] = w[i];
        }
        this.filters = MelFilterBank.of(config);
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(nFft));
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
        double[] mel = melEnergies(preEmphasised(samples), frames); // (nMels, frames)
        float[] out = new float[nMels * frames];
        LogStage.apply(config, mel, out);
        return new FloatTensor(out, new long[] {1, nMels, frames});
    }

    /** {@code x[n] - a x[n-1]} for {@code n >= 1} (one sample shorter), or {@code samples} itself without pre-emphasis. */
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

    /** Mel energies (nMels, frames), row-major, before the log stage. */
    double[] melEnergies(float[] samples, int frames) {
        Workspace ws = workspace.get();
        int nFft = config.nFft();
        int hop = config.hopLength();
        int pad = config.center() ? nFft / 2 : 0;
        int winEnd = winStart + config.winLength();
        boolean reflect = config.padMode() == PadMode.REFLECT;
        int n = samples.length;
        double[] buf = ws.frame;
        double[] spec = ws.spec;
        double[] mel = new double[filters.nMels() * frames];
        for (int t = 0; t < frames; t++) {
            int origin = t * hop - pad; // sample index of buf[0]
            // only the non-zero part of the window reads samples; the rest of buf stays zero
            java.util.Arrays.fill(buf, 0.0);
            int lo = origin + winStart;
            int hi = origin + winEnd;
            if (lo >= 0 && hi <= n) {
                for (int i = winStart, s = lo; i < winEnd; i++, s++) {
                    buf[i] = samples[s] * window[i];
                }
            } else {
                for (int i = winStart; i < winEnd; i++) {
                    int s = origin + i;
                    double v;
                    if (s >= 0 && s < n) {
                        v = samples[s];
                    } else if (reflect) {
                        v = samples[reflectIndex(s, n)];
                    } else {
                        v = 0.0;
                    }
                    buf[i] = v * window[i];
                }
            }
            ws.fft.realForward(buf);
            spectrum(buf, spec, nFft);
            filters.apply(spec, mel, frames, t);
        }
        return mel;
    }

    /** Unpacks JTransforms' realForward layout into power (or magnitude) per bin. */
    private void spectrum(double[] a, double[] spec, int nFft) {
        int half = nFft / 2;
        boolean even = (nFft & 1) == 0;
        spec[0] = a[0] * a[0];
        if (even) {
            spec[half] = a[1] * a[1];
            for (int k = 1; k < half; k++) {
                double re = a[2 * k];
                double im = a[2 * k + 1];
                spec[k] = re * re + im * im;
            }
        } else {
            for (int k = 1; k < half; k++) {
                double re = a[2 * k];
                double im = a[2 * k + 1];
                spec[k] = re * re + im * im;
            }
            spec[half] = a[nFft - 1] * a[nFft - 1] + a[1] * a[1];
        }
        if (config.power() == 1) {
            for (int k = 0; k <= half; k++) {
                spec[k] = Math.sqrt(spec[k]);
            }
        }
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

    /** Per-thread FFT plan and scratch. */
    private static final class Workspace {
        final DoubleFFT_1D fft;
        final double[] frame;
        final double[] spec;

        Workspace(int nFft) {
            fft = new DoubleFFT_1D(nFft);
            frame = new double[nFft];
            spec = new double[nFft / 2 + 1];
        }
    }
}
