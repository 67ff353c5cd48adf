package dev.listkit.audio.mel;

/**
 * Hz-to-mel mapping. The two scales place the filters differently above 1 kHz; with
 * {@link FilterNorm} they change band levels by 15-28 dB, so presets name both explicitly.
 */
public enum MelScale {
    /** O'Shaughnessy / HTK: {@code 2595 log10(1 + f / 700)} (torchaudio's default). */
    HTK,
    /** Slaney's Auditory Toolbox: linear below 1 kHz, logarithmic above (librosa's default). */
    SLANEY;

    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    /** Frequency in Hz to mels on this scale. */
    public double hzToMel(double hz) {
        if (this == HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    /** Mels on this scale to frequency in Hz. */
    public double melToHz(double mel) {
        if (this == HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }
}
