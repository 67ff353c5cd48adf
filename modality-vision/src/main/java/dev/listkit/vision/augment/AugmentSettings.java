package dev.listkit.vision.augment;

/**
 * Training augmentation parameters, with torchvision's meanings.
 *
 * @param scaleMin        random resized crop: smallest crop area as a fraction of the image
 * @param scaleMax        largest crop area fraction (≤ 1)
 * @param ratioMin        smallest crop aspect ratio w/h
 * @param ratioMax        largest crop aspect ratio w/h
 * @param flipProbability probability of a horizontal flip
 * @param brightness      brightness factor drawn from [max(0, 1 - b), 1 + b]; 0 disables
 * @param contrast        contrast factor drawn from [max(0, 1 - c), 1 + c]; 0 disables
 * @param saturation      saturation factor drawn from [max(0, 1 - s), 1 + s]; 0 disables
 */
public record AugmentSettings(double scaleMin, double scaleMax, double ratioMin, double ratioMax,
                              double flipProbability, double brightness, double contrast, double saturation) {
    /** Mild defaults for contrastive pre-training: crops of 90–100 % (open_clip's scale), flips, light jitter. */
    public static final AugmentSettings DEFAULT = new AugmentSettings(0.9, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.5, 0.2, 0.2, 0.2);

    public AugmentSettings {
        check(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1, "need 0 < scaleMin <= scaleMax <= 1, got "
                + scaleMin + ", " + scaleMax);
        check(ratioMin > 0 && ratioMin <= ratioMax && Double.isFinite(ratioMax), "need 0 < ratioMin <= ratioMax, got "
                + ratioMin + ", " + ratioMax);
        check(flipProbability >= 0 && flipProbability <= 1, "flipProbability must be in [0, 1], got " + flipProbability);
        check(brightness >= 0 && contrast >= 0 && saturation >= 0 && Double.isFinite(brightness + contrast + saturation),
                "brightness, contrast and saturation must be finite and >= 0");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
