package dev.listkit.audio;

import dev.listkit.audio.augment.SpecAugmentConfig;
import dev.listkit.audio.mel.MelPresets;

/**
 * The {@code audio} modality section of a recipe, bound strictly with
 * {@link dev.listkit.core.util.Json#bind}. Everything except {@code preset} is an optional override
 * of the preset; {@code null} means "as the preset".
 *
 * <pre>{@code
 * {"preset": "laion-clap", "clipSeconds": 5, "nMels": 32, "specAugment": {"timeMasks": 1}}
 * }</pre>
 *
 * @param preset      a {@link MelPresets} name (default {@value MelPresets#DEFAULT})
 * @param clipSeconds clip length after crop/pad, in seconds (default: the preset's model clip length)
 * @param nMels       number of mel bands
 * @param hopLength   STFT hop in samples
 * @param fMinHz      lowest mel filter edge in Hz
 * @param fMaxHz      highest mel filter edge in Hz
 * @param specAugment training-time augmentation (default {@link SpecAugmentConfig#defaults()})
 */
public record AudioModalityConfig(String preset, Double clipSeconds, Integer nMels, Integer hopLength,
        Double fMinHz, Double fMaxHz, SpecAugmentConfig specAugment) {

    public AudioModalityConfig {
        preset = preset == null ? MelPresets.DEFAULT : preset;
        specAugment = specAugment == null ? SpecAugmentConfig.defaults() : specAugment;
    }
}
