package dev.listkit.audio.mel;

/**
 * Hz-to-mel mapping and how the triangular filters are laid out on it. The scales place the filters
 * differently above 1 kHz; with {@link FilterNorm} they change band levels by 15-28 dB, so presets name
 * both explicitly.
 *
 * <p>{@link #HTK} and {@link #SLANEY} build filters as {@code torchaudio.functional.melscale_fbanks}:
 * band edges equally spaced in mels, triangles linear in Hz over the bins
 * {@code linspace(0, sampleRate // 2, nFft / 2 + 1)}. {@link #KALDI} builds them as
 * {@code torchaudio.compliance.kaldi.get_mel_banks} (with {@code vtln_warp_factor = 1}): triangles linear
 * in mels over the bins {@code k * sampleRate / nFft} for {@code k < nFft / 2}, and the Nyquist bin gets
 * weight 0 (EfficientAT pads the {@code nFft / 2} Kaldi columns with one zero column).
 */
public enum MelScale {
    /** O'Shaughnessy / HTK: {@code 2595 log10(1 + f / 700)} (torchaudio's default). */
    HTK,
    /** Slaney's Auditory Toolbox: linear below 1 kHz, logarithmic above (librosa's default). */
    SLANEY,
    /**
     * Kaldi: {@code 1127 ln(1 + f / 700)}, triangles in the mel domain, no Nyquist bin; needs an even
     * {@code nFft} and {@link FilterNorm#NONE} (Kaldi banks are not normalised).
     */
    KALDI;

    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    /** Frequency in Hz to mels on this scale. */
    public double hzToMel(double hz) {
        return switch (this) {
            case HTK -> 2595.0 * Math.log10(1.0 + hz / 700.0);
            case KALDI -> 1127.0 * Math.log(1.0 + hz / 700.0);
            case SLANEY -> hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
        };
    }

    /** Mels on this scale to frequency in Hz. */
    public double melToHz(double mel) {
        return switch (this) {
            case HTK -> 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
            case KALDI -> 700.0 * (Math.exp(mel / 1127.0) - 1.0);
            case SLANEY -> mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
        };
    }
}
