package dev.listkit.audio.mel;

/** How a centred STFT pads {@code nFft / 2} samples at both ends (torch {@code pad_mode}). */
public enum PadMode {
    /** Mirror without repeating the edge sample ({@code "reflect"}, the torchaudio default). */
    REFLECT,
    /** Zeros ({@code "constant"}). */
    CONSTANT
}
