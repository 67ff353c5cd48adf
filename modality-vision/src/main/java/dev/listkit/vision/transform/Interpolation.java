package dev.listkit.vision.transform;

/**
 * Resampling filters, with the kernels and supports Pillow uses (so that a resize here is close to
 * {@code PIL.Image.resize}, which CLIP's and torchvision's reference preprocessing call).
 */
public enum Interpolation {
    /** Triangle filter, support 1 (Pillow {@code BILINEAR}). */
    BILINEAR(1.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    },
    /** Keys cubic convolution with a = -0.5, support 2 (Pillow {@code BICUBIC}). */
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            final double a = -0.5;
            x = Math.abs(x);
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
            }
            if (x < 2.0) {
                return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
            }
            return 0.0;
        }
    };

    private final double support;

    Interpolation(double support) {
        this.support = support;
    }

    /** Half-width of the kernel, in input pixels, when upsampling. */
    public double support() {
        return support;
    }

    /** Kernel value at distance {@code x} (input pixels). */
    abstract double weight(double x);

    /** Parses {@code "bilinear"} / {@code "bicubic"} (case-insensitive). */
    public static Interpolation parse(String name) {
        for (Interpolation i : values()) {
            if (i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown interpolation '" + name + "'; accepted: [bilinear, bicubic]");
    }
}
