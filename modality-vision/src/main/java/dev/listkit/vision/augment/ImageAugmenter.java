package dev.listkit.vision.augment;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.vision.image.RgbImage;
import dev.listkit.vision.transform.Interpolation;
import dev.listkit.vision.transform.Preprocessor;
import dev.listkit.vision.transform.Resampler;
import java.util.SplittableRandom;

/**
 * Training augmentation of an already preprocessed {@code (3, S, S)} tensor, because
 * {@code Modality.augment} receives the tensor (often from a feature cache), not the file.
 * Steps, drawing from {@code rng} in this fixed order: random resized crop of the S × S image,
 * resampled back to S × S with the preset's filter; horizontal flip; colour jitter. The tensor is
 * un-normalised to [0, 1] first and normalised again at the end.
 *
 * <p>Cropping the S × S image rather than the original loses some resolution compared with
 * torchvision's crop-then-resize on the full image; with the mild default scale (0.9–1.0) the
 * upsampling is at most about 5 %.
 *
 * @param settings      augmentation parameters
 * @param preprocessor  the normalisation (and size) the tensor was made with
 * @param interpolation filter used to resample the crop
 */
public record ImageAugmenter(AugmentSettings settings, Preprocessor preprocessor, Interpolation interpolation) {

    /** An augmented copy of {@code x}; {@code x} is not modified. */
    public FloatTensor apply(FloatTensor x, SplittableRandom rng) {
        RgbImage img = clamp(preprocessor.denormalize(x));
        int s = img.width();
        CropBox box = CropBox.random(img.width(), img.height(), settings, rng);
        if (box.w() != img.width() || box.h() != img.height()) {
            img = Resampler.resize(img, box.x(), box.y(), box.w(), box.h(), s, img.height(), interpolation);
        }
        if (rng.nextDouble() < settings.flipProbability()) {
            img = flipHorizontal(img);
        }
        img = ColorJitter.apply(img, settings, rng);
        return preprocessor.normalize(img);
    }

    /** The image mirrored left–right. */
    public static RgbImage flipHorizontal(RgbImage img) {
        int w = img.width();
        int rows = 3 * img.height();
        float[] in = img.data();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            int base = r * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = in[base + w - 1 - x];
            }
        }
        return new RgbImage(w, img.height(), out);
    }

    private static RgbImage clamp(RgbImage img) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(1f, Math.max(0f, d[i]));
        }
        return img;
    }
}
