package dev.listkit.audio.augment;

/**
 * SpecAugment settings (Park et al., 2019), bound strictly from JSON; omitted keys take the defaults
 * below. Mask widths are drawn uniformly from {@code [0, max]}, their start uniformly among the
 * positions where they fit.
 *
 * @param freqMasks       number of frequency masks (default 2)
 * @param freqMaskBands   maximum width of a frequency mask in mel bands (default 8)
 * @param timeMasks       number of time masks (default 2)
 * @param timeMaskFrames  maximum width of a time mask in frames (default 40)
 * @param maskValue       value written into masked cells (default {@link MaskValue#MEAN})
 * @param timeShiftFrames maximum circular time shift in frames, either way (default 0: off)
 */
public record SpecAugmentConfig(Integer freqMasks, Integer freqMaskBands, Integer timeMasks,
        Integer timeMaskFrames, MaskValue maskValue, Integer timeShiftFrames) {

    public SpecAugmentConfig {
        freqMasks = orDefault(freqMasks, 2, "freqMasks");
        freqMaskBands = orDefault(freqMaskBands, 8, "freqMaskBands");
        timeMasks = orDefault(timeMasks, 2, "timeMasks");
        timeMaskFrames = orDefault(timeMaskFrames, 40, "timeMaskFrames");
        maskValue = maskValue == null ? MaskValue.MEAN : maskValue;
        timeShiftFrames = orDefault(timeShiftFrames, 0, "timeShiftFrames");
    }

    /** All defaults. */
    public static SpecAugmentConfig defaults() {
        return new SpecAugmentConfig(null, null, null, null, null, null);
    }

    /** No masks and no shift: augmentation is the identity. */
    public static SpecAugmentConfig off() {
        return new SpecAugmentConfig(0, 0, 0, 0, MaskValue.ZERO, 0);
    }

    private static Integer orDefault(Integer v, int dflt, String name) {
        int x = v == null ? dflt : v;
        if (x < 0) {
            throw new IllegalArgumentException("specAugment." + name + " must be >= 0, got " + x);
        }
        return x;
    }
}
