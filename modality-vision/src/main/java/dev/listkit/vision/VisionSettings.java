package dev.listkit.vision;

import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import dev.listkit.vision.augment.AugmentSettings;
import dev.listkit.vision.transform.Interpolation;
import dev.listkit.vision.transform.Normalization;
import dev.listkit.vision.transform.Preprocessor;
import dev.listkit.vision.transform.ResizeMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully resolved vision configuration: a preset with the recipe's overrides applied.
 *
 * @param preset        the preset it started from
 * @param imageSize     output side S
 * @param resize        aspect-ratio handling
 * @param interpolation resampling filter (resize and augmentation crops)
 * @param normalization per-channel mean and std
 * @param augment       augmentation parameters
 */
public record VisionSettings(String preset, int imageSize, ResizeMode resize, Interpolation interpolation,
                             Normalization normalization, AugmentSettings augment) {
    /**
     * Version of the decode + preprocess code; bump it whenever {@code load} output changes for the
     * same settings, so that feature caches are rebuilt.
     */
    public static final String CODE_VERSION = "vision-preprocess-1";

    /** The preprocessing these settings describe. */
    public Preprocessor preprocessor() {
        return new Preprocessor(imageSize, resize, interpolation, normalization);
    }

    /**
     * SHA-256 of {@link #CODE_VERSION} and the settings that change {@code load}'s output (size, resize
     * mode, filter, mean, std). Augmentation and the preset's name are left out on purpose: they do not
     * change cached tensors.
     */
    public String fingerprint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", CODE_VERSION);
        m.put("imageSize", imageSize);
        m.put("resize", resize.name());
        m.put("interpolation", interpolation.name());
        m.put("mean", normalization.mean());
        m.put("std", normalization.std());
        return Hashing.sha256(Json.write(m));
    }

    /** Applies the non-null overrides of {@code c} to these settings. */
    VisionSettings with(VisionConfig c) throws ConfigException {
        try {
            Normalization norm = normalization;
            if (c.normalization() != null) {
                norm = Normalization.named(c.normalization());
            }
            if (c.mean() != null || c.std() != null) {
                if (c.mean() == null || c.std() == null) {
                    throw new IllegalArgumentException("give both 'mean' and 'std', or neither");
                }
                norm = new Normalization(c.mean(), c.std());
            }
            VisionConfig.Augment a = c.augment();
            AugmentSettings aug = augment;
            if (a != null) {
                aug = new AugmentSettings(
                        or(a.scaleMin(), aug.scaleMin()), or(a.scaleMax(), aug.scaleMax()),
                        or(a.ratioMin(), aug.ratioMin()), or(a.ratioMax(), aug.ratioMax()),
                        or(a.flipProbability(), aug.flipProbability()), or(a.brightness(), aug.brightness()),
                        or(a.contrast(), aug.contrast()), or(a.saturation(), aug.saturation()));
            }
            int size = c.imageSize() != null ? c.imageSize() : imageSize;
            if (size < 1 || size > 4096) {
                throw new IllegalArgumentException("imageSize must be in [1, 4096], got " + size);
            }
            return new VisionSettings(preset, size,
                    c.resize() != null ? ResizeMode.parse(c.resize()) : resize,
                    c.interpolation() != null ? Interpolation.parse(c.interpolation()) : interpolation,
                    norm, aug);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("vision modality config: " + e.getMessage(), e);
        }
    }

    private static double or(Double v, double fallback) {
        return v != null ? v : fallback;
    }
}
