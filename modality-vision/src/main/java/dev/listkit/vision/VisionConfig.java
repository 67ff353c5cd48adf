package dev.listkit.vision;

import java.util.List;

/**
 * The {@code modality} section of a recipe for {@code "vision"}, as written in JSON. Every field but
 * {@code preset} is an optional override of the preset; absent fields are {@code null}.
 *
 * <pre>{@code
 * {"preset": "clip-64", "interpolation": "bilinear", "augment": {"flipProbability": 0}}
 * }</pre>
 *
 * @param preset        one of {@link VisionPresets#names()}; default {@code clip-224}
 * @param imageSize     output side S in pixels
 * @param resize        {@code crop}, {@code pad} or {@code stretch}
 * @param interpolation {@code bilinear} or {@code bicubic}
 * @param normalization {@code clip}, {@code imagenet} or {@code cifar10}
 * @param mean          three channel means (overrides {@code normalization}; needs {@code std})
 * @param std           three channel standard deviations
 * @param augment       overrides of the augmentation settings
 */
public record VisionConfig(String preset, Integer imageSize, String resize, String interpolation,
                           String normalization, List<Double> mean, List<Double> std, Augment augment) {

    /**
     * Optional overrides of {@link dev.listkit.vision.augment.AugmentSettings}; see there for meanings.
     *
     * @param scaleMin        smallest crop area fraction
     * @param scaleMax        largest crop area fraction
     * @param ratioMin        smallest crop aspect ratio
     * @param ratioMax        largest crop aspect ratio
     * @param flipProbability horizontal flip probability
     * @param brightness      brightness jitter amount
     * @param contrast        contrast jitter amount
     * @param saturation      saturation jitter amount
     */
    public record Augment(Double scaleMin, Double scaleMax, Double ratioMin, Double ratioMax,
                          Double flipProbability, Double brightness, Double contrast, Double saturation) {
    }
}
