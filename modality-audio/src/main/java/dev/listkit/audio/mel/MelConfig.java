package dev.listkit.audio.mel;

import dev.listkit.core.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every parameter of the log-mel front end; {@link LogMelSpectrogram} is a pure function of it.
 * Field names and defaults follow {@code torchaudio.transforms.MelSpectrogram} and
 * {@code AmplitudeToDB}. Build one with {@link #builder()} (or start from a {@link MelPresets preset}
 * with {@link #toBuilder()}); the canonical constructor validates too and throws
 * {@link IllegalArgumentException}, while {@link Builder#build()} reports a {@link ConfigException}.
 *
 * <pre>{@code
 * MelConfig c = MelConfig.builder()
 *         .setSampleRateHz(16_000).setNFft(512).setHopLength(160).setNMels(64)
 *         .optWinLength(400).optFrequencyRangeHz(50, 8000)
 *         .optDb(1e-10, 1.0, null)
 *         .build();
 * }</pre>
 *
 * @param sampleRateHz  rate the samples are assumed to have; only the filter placement depends on it
 * @param nFft          FFT size; {@code nFft / 2 + 1} frequency bins
 * @param winLength     window length in samples, {@code <= nFft}; a shorter window is zero-padded
 *                      on both sides to {@code nFft}, centred (as {@code torch.stft})
 * @param window        window shape
 * @param periodicWindow periodic window ({@code torch.hann_window(n)}, the default) or symmetric
 *                      ({@code periodic=False})
 * @param hopLength     hop between frames in samples
 * @param center        pad {@code nFft / 2} samples at both ends so frame {@code t} is centred on
 *                      sample {@code t * hopLength}; then frames = {@code 1 + len / hopLength}
 * @param padMode       padding used when {@code center}
 * @param preEmphasis   pre-emphasis coefficient {@code a}, or 0 for none: {@code y[n] = x[n] - a x[n-1]} as a
 *                      valid convolution (EfficientAT's {@code conv1d} with kernel {@code [-a, 1]}), so the
 *                      signal the STFT sees is one sample shorter
 * @param nMels         number of mel bands
 * @param fMinHz        lowest filter edge in Hz
 * @param fMaxHz        highest filter edge in Hz, {@code <= sampleRateHz / 2}
 * @param melScale      Hz-to-mel mapping
 * @param filterNorm    filter normalisation
 * @param power         1 (magnitude) or 2 (power spectrum)
 * @param logMode       compression of mel energies
 * @param amin          {@link LogMode#DB}: floor of the energies (torchaudio {@code amin})
 * @param refValue      {@link LogMode#DB}: reference that maps to 0 dB ({@code ref_value})
 * @param topDb         {@link LogMode#DB}: dynamic range kept below the maximum, or {@code null} for no clamp
 * @param logEps        {@link LogMode#LOG}: offset added before the logarithm
 * @param logBase       {@link LogMode#LOG}: base of the logarithm ({@link Math#E} for {@code ln})
 * @param affineShift   added to every output value after the log stage (0 for none)
 * @param affineDivisor every output value is then divided by it (1 for none): {@code (y + shift) / divisor}
 * @param dropLastFrame drop the last STFT frame (Whisper's {@code stft[..., :-1]})
 */
public record MelConfig(
        int sampleRateHz,
        int nFft,
        int winLength,
        WindowType window,
        boolean periodicWindow,
        int hopLength,
        boolean center,
        PadMode padMode,
        double preEmphasis,
        int nMels,
        double fMinHz,
        double fMaxHz,
        MelScale melScale,
        FilterNorm filterNorm,
        int power,
        LogMode logMode,
        double amin,
        double refValue,
        Double topDb,
        double logEps,
        double logBase,
        double affineShift,
        double affineDivisor,
        boolean dropLastFrame) {

    public MelConfig {
        List<String> problems = problems(sampleRateHz, nFft, winLength, window, hopLength, padMode, preEmphasis,
                nMels, fMinHz, fMaxHz, melScale, filterNorm, power, logMode, amin, refValue, topDb, logEps, logBase,
                affineShift, affineDivisor);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid mel config: " + String.join("; ", problems));
        }
    }

    /** Number of frequency bins of the one-sided spectrum. */
    public int nFreqs() {
        return nFft / 2 + 1;
    }

    /**
     * Number of frames for a signal of {@code nSamples} samples (0 if it is too short); with
     * {@link #preEmphasis()} the STFT sees {@code nSamples - 1} samples.
     */
    public int frames(int nSamples) {
        int n = stftSamples(nSamples);
        int padded = center ? n + 2 * (nFft / 2) : n;
        int f = padded < nFft ? 0 : 1 + (padded - nFft) / hopLength;
        return dropLastFrame ? Math.max(0, f - 1) : f;
    }

    /** Length of the signal the STFT sees: {@code nSamples}, or one less after pre-emphasis (never negative). */
    public int stftSamples(int nSamples) {
        return preEmphasis != 0 ? Math.max(0, nSamples - 1) : nSamples;
    }

    /** A builder with no fields set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding all of this config's values, for overrides. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sampleRateHz = sampleRateHz;
        b.nFft = nFft;
        b.winLength = winLength;
        b.window = window;
        b.periodicWindow = periodicWindow;
        b.hopLength = hopLength;
        b.center = center;
        b.padMode = padMode;
        b.preEmphasis = preEmphasis;
        b.nMels = nMels;
        b.fMinHz = fMinHz;
        b.fMaxHz = fMaxHz;
        b.melScale = melScale;
        b.filterNorm = filterNorm;
        b.power = power;
        b.logMode = logMode;
        b.amin = amin;
        b.refValue = refValue;
        b.topDb = topDb;
        b.logEps = logEps;
        b.logBase = logBase;
        b.affineShift = affineShift;
        b.affineDivisor = affineDivisor;
        b.dropLastFrame = dropLastFrame;
        return b;
    }

    private static List<String> problems(int sampleRateHz, int nFft, int winLength, WindowType window,
            int hopLength, PadMode padMode, double preEmphasis, int nMels, double fMinHz, double fMaxHz,
            MelScale melScale, FilterNorm filterNorm, int power, LogMode logMode, double amin, double refValue,
            Double topDb, double logEps, double logBase, double affineShift, double affineDivisor) {
        List<String> p = new ArrayList<>();
        if (sampleRateHz <= 0) {
            p.add("sampleRateHz must be > 0, got " + sampleRateHz);
        }
        if (nFft < 2) {
            p.add("nFft must be >= 2, got " + nFft);
        }
        if (winLength < 1 || winLength > nFft) {
            p.add("winLength must be in [1, nFft=" + nFft + "], got " + winLength);
        }
        if (hopLength < 1) {
            p.add("hopLength must be >= 1, got " + hopLength);
        }
        if (nMels < 1) {
            p.add("nMels must be >= 1, got " + nMels);
        }
        if (!(fMinHz >= 0) || !(fMaxHz > fMinHz)) {
            p.add("need 0 <= fMinHz < fMaxHz, got fMinHz=" + fMinHz + ", fMaxHz=" + fMaxHz);
        }
        if (sampleRateHz > 0 && fMaxHz > sampleRateHz / 2.0) {
            p.add("fMaxHz " + fMaxHz + " is above the Nyquist frequency " + sampleRateHz / 2.0 + " Hz");
        }
        if (power != 1 && power != 2) {
            p.add("power must be 1 (magnitude) or 2 (power), got " + power);
        }
        if (window == null || padMode == null || melScale == null || filterNorm == null || logMode == null) {
            p.add("window, padMode, melScale, filterNorm and logMode must be set");
        }
        if (!(amin > 0)) {
            p.add("amin must be > 0, got " + amin);
        }
        if (!(refValue > 0)) {
            p.add("refValue must be > 0, got " + refValue);
        }
        if (topDb != null && !(topDb > 0)) {
            p.add("topDb must be > 0 or null, got " + topDb);
        }
        if (logMode == LogMode.LOG && !(logEps > 0)) {
            p.add("logEps must be > 0 for LOG, got " + logEps);
        }
        if (logMode == LogMode.LOG && !(logBase > 0 && logBase != 1 && Double.isFinite(logBase))) {
            p.add("logBase must be finite, > 0 and != 1 for LOG, got " + logBase);
        }
        if (!Double.isFinite(preEmphasis) || Math.abs(preEmphasis) > 1) {
            p.add("preEmphasis must be in [-1, 1] (0 for none), got " + preEmphasis);
        }
        if (!Double.isFinite(affineShift)) {
            p.add("affineShift must be finite, got " + affineShift);
        }
        if (!Double.isFinite(affineDivisor) || affineDivisor == 0) {
            p.add("affineDivisor must be finite and non-zero, got " + affineDivisor);
        }
        if (melScale == MelScale.KALDI && nFft % 2 != 0) {
            p.add("the KALDI mel scale needs an even nFft (its filters cover nFft / 2 bins), got " + nFft);
        }
        if (melScale == MelScale.KALDI && filterNorm != FilterNorm.NONE) {
            p.add("the KALDI mel scale has unnormalised filters: filterNorm must be NONE, got " + filterNorm);
        }
        return p;
    }

    /**
     * DJL-style builder: {@code setX} are required ({@link #setSampleRateHz}, {@link #setNFft},
     * {@link #setHopLength}, {@link #setNMels}); {@code optX} have torchaudio's defaults except where
     * noted: periodic {@link WindowType#HANN}, {@code winLength = nFft}, centred with reflect padding,
     * no pre-emphasis, {@code fMinHz = 0}, {@code fMaxHz = sampleRateHz / 2}, {@link MelScale#SLANEY} with
     * {@link FilterNorm#SLANEY} (librosa's defaults, which the CLAP models use), power 2, decibels
     * with {@code amin = 1e-10}, {@code ref = 1}, no {@code topDb}, and no affine normalisation.
     */
    public static final class Builder {
        private int sampleRateHz = -1;
        private int nFft = -1;
        private int winLength = -1;
        private WindowType window = WindowType.HANN;
        private boolean periodicWindow = true;
        private int hopLength = -1;
        private boolean center = true;
        private PadMode padMode = PadMode.REFLECT;
        private double preEmphasis;
        private int nMels = -1;
        private double fMinHz = 0.0;
        private double fMaxHz = Double.NaN;
        private MelScale melScale = MelScale.SLANEY;
        private FilterNorm filterNorm = FilterNorm.SLANEY;
        private int power = 2;
        private LogMode logMode = LogMode.DB;
        private double amin = 1e-10;
        private double refValue = 1.0;
        private Double topDb;
        private double logEps = 1e-6;
        private double logBase = Math.E;
        private double affineShift;
        private double affineDivisor = 1.0;
        private boolean dropLastFrame;

        private Builder() {
        }

        /** Sample rate the filters are placed for, in Hz (required). */
        public Builder setSampleRateHz(int hz) {
            this.sampleRateHz = hz;
            return this;
        }

        /** FFT size (required). */
        public Builder setNFft(int n) {
            this.nFft = n;
            return this;
        }

        /** Hop between frames in samples (required). */
        public Builder setHopLength(int samples) {
            this.hopLength = samples;
            return this;
        }

        /** Number of mel bands (required). */
        public Builder setNMels(int n) {
            this.nMels = n;
            return this;
        }

        /** Window length in samples; default {@code nFft}. */
        public Builder optWinLength(int samples) {
            this.winLength = samples;
            return this;
        }

        /** Periodic window of shape {@code w}; default periodic Hann. */
        public Builder optWindow(WindowType w) {
            return optWindow(w, true);
        }

        /** Window shape, periodic ({@code torch.*_window(n)}) or symmetric ({@code periodic=False}). */
        public Builder optWindow(WindowType w, boolean periodic) {
            this.window = w;
            this.periodicWindow = periodic;
            return this;
        }

        /** Pre-emphasis {@code y[n] = x[n] - a x[n-1]} as a valid convolution (one sample shorter); 0 for none. */
        public Builder optPreEmphasis(double a) {
            this.preEmphasis = a;
            return this;
        }

        /** Centre frames with {@code nFft / 2} samples of padding in {@code mode}; default true, reflect. */
        public Builder optCenter(boolean centred, PadMode mode) {
            this.center = centred;
            this.padMode = mode;
            return this;
        }

        /** Filter range in Hz; default 0 to Nyquist. */
        public Builder optFrequencyRangeHz(double minHz, double maxHz) {
            this.fMinHz = minHz;
            this.fMaxHz = maxHz;
            return this;
        }

        /** Lowest filter edge in Hz. */
        public Builder optFMinHz(double hz) {
            this.fMinHz = hz;
            return this;
        }

        /** Highest filter edge in Hz. */
        public Builder optFMaxHz(double hz) {
            this.fMaxHz = hz;
            return this;
        }

        /** Mel scale and filter normalisation; default Slaney and Slaney. */
        public Builder optMelScale(MelScale scale, FilterNorm norm) {
            this.melScale = scale;
            this.filterNorm = norm;
            return this;
        }

        /** 1 for magnitude, 2 for power; default 2. */
        public Builder optPower(int p) {
            this.power = p;
            return this;
        }

        /** Decibels with floor {@code amin}, reference {@code ref} and optional range {@code topDb} (null: none). */
        public Builder optDb(double aminValue, double ref, Double topDbValue) {
            this.logMode = LogMode.DB;
            this.amin = aminValue;
            this.refValue = ref;
            this.topDb = topDbValue;
            return this;
        }

        /** Natural log of {@code x + eps}. */
        public Builder optLog(double eps) {
            return optLog(eps, Math.E);
        }

        /** Logarithm to {@code base} of {@code x + eps}. */
        public Builder optLog(double eps, double base) {
            this.logMode = LogMode.LOG;
            this.logEps = eps;
            this.logBase = base;
            return this;
        }

        /** After the log stage, {@code y -> (y + shift) / divisor}; default none (0, 1). */
        public Builder optAffine(double shift, double divisor) {
            this.affineShift = shift;
            this.affineDivisor = divisor;
            return this;
        }

        /** Whisper's log10 normalisation (see {@link LogMode#WHISPER}). */
        public Builder optWhisperLog() {
            this.logMode = LogMode.WHISPER;
            return this;
        }

        /** No compression: mel energies. */
        public Builder optNoLog() {
            this.logMode = LogMode.NONE;
            return this;
        }

        /** Drop the last STFT frame, as Whisper does. */
        public Builder optDropLastFrame(boolean drop) {
            this.dropLastFrame = drop;
            return this;
        }

        /** Validates and builds; the message lists every problem. */
        public MelConfig build() throws ConfigException {
            List<String> missing = new ArrayList<>();
            if (sampleRateHz == -1) {
                missing.add("setSampleRateHz");
            }
            if (nFft == -1) {
                missing.add("setNFft");
            }
            if (hopLength == -1) {
                missing.add("setHopLength");
            }
            if (nMels == -1) {
                missing.add("setNMels");
            }
            if (!missing.isEmpty()) {
                throw new ConfigException("mel config: required values not set: " + missing);
            }
            int win = winLength == -1 ? nFft : winLength;
            double fMax = Double.isNaN(fMaxHz) ? sampleRateHz / 2.0 : fMaxHz;
            try {
                return new MelConfig(sampleRateHz, nFft, win, window, periodicWindow, hopLength, center, padMode,
                        preEmphasis, nMels, fMinHz, fMax, melScale, filterNorm, power, logMode, amin, refValue, topDb,
                        logEps, logBase, affineShift, affineDivisor, dropLastFrame);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
    }
}
