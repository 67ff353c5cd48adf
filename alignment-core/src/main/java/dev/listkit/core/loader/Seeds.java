package dev.listkit.core.loader;

/**
 * Derives independent seeds from {@code (seed, epoch, index)} with the SplitMix64 finaliser, so that a
 * sample's augmentation depends only on those three numbers, never on which thread ran it.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed for sample {@code index} of {@code epoch} under the run's {@code seed}. */
    public static long derive(long seed, long epoch, long index) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (epoch * 0xBF58476D1CE4E5B9L));
        return mix(h ^ (index * 0x94D049BB133111EBL));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
