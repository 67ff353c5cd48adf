package dev.listkit.audio.mel;

/** The compression applied to mel energies. */
public enum LogMode {
    /** Mel energies as they are. */
    NONE,
    /**
     * Decibels as {@code torchaudio.transforms.AmplitudeToDB}: {@code m * log10(max(x, amin)) - m * log10(max(amin, ref))}
     * with {@code m = 10} for power 2 and {@code m = 20} for power 1, then optionally clamped to
     * {@code max - topDb} over the whole spectrogram.
     */
    DB,
    /** Logarithm: {@code log_base(x + eps)} ({@code ln} by default). */
    LOG,
    /**
     * Whisper's normalisation ({@code whisper/audio.py log_mel_spectrogram}):
     * {@code y = log10(max(x, 1e-10)); y = max(y, y.max() - 8); (y + 4) / 4}.
     */
    WHISPER
}
