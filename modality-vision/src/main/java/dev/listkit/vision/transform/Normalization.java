package dev.listkit.vision.transform;

import java.util.List;

/**
 * Per-channel normalisation {@code (v - mean[c]) / std[c]} of RGB values in [0, 1].
 *
 * @param mean three means, R, G, B
 * @param std  three standard deviations, R, G, B, all &gt; 0
 */
public record Normalization(List<Double> mean, List<Double> std) {
    /** OpenAI CLIP's statistics. */
    public static final Normalization CLIP = new Normalization(
            List.of(0.48145466, 0.4578275, 0.40821073), List.of(0.26862954, 0.26130258, 0.27577711));
    /** ImageNet statistics (torchvision). */
    public static final Normalization IMAGENET = new Normalization(
            List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
    /** CIFAR-10 training-set statistics. */
    public static final Normalization CIFAR10 = new Normalization(
            List.of(0.4914, 0.4822, 0.4465), List.of(0.2470, 0.2435, 0.2616));

    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B), got " + mean + " and " + std);
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("std values must be finite and > 0, got " + std);
            }
        }
    }

    /** A named preset: {@code clip}, {@code imagenet} or {@code cifar10}. */
    public static Normalization named(String name) {
        return switch (name) {
            case "clip" -> CLIP;
            case "imagenet" -> IMAGENET;
            case "cifar10" -> CIFAR10;
            default -> throw new IllegalArgumentException("unknown normalization '" + name
                    + "'; accepted: [clip, imagenet, cifar10]");
        };
    }

    /** Means as floats, R, G, B. */
    public float[] meanArray() {
        return new float[] {mean.get(0).floatValue(), mean.get(1).floatValue(), mean.get(2).floatValue()};
    }

    /** Standard deviations as floats, R, G, B. */
    public float[] stdArray() {
        return new float[] {std.get(0).floatValue(), std.get(1).floatValue(), std.get(2).floatValue()};
    }
}
