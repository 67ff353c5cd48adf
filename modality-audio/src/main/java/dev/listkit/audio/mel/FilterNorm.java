package dev.listkit.audio.mel;

/** Normalisation of the triangular mel filters (torchaudio {@code norm}). */
public enum FilterNorm {
    /** Peak 1 per filter ({@code norm=None}, torchaudio's default). */
    NONE,
    /** Area-normalised: each filter scaled by {@code 2 / (f[i+2] - f[i])} ({@code norm="slaney"}, librosa's default). */
    SLANEY
}
