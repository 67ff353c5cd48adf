package dev.listkit.audio.augment;

/** What a SpecAugment mask writes into the masked cells. */
public enum MaskValue {
    /** The mean of the whole input log-mel (computed before masking): neutral for normalised features. */
    MEAN,
    /** Zero (as torchaudio's {@code FrequencyMasking(mask_value=0.0)}). */
    ZERO
}
