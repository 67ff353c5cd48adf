package dev.listkit.vision.image;

/**
 * The eight EXIF orientations (tag 0x0112): how the stored pixels must be turned to display upright.
 * Values follow the EXIF 2.32 specification, section 4.6.5.
 */
public enum Orientation {
    /** 1: stored upright. */
    NORMAL,
    /** 2: mirrored left-right. */
    FLIP_HORIZONTAL,
    /** 3: rotated 180°. */
    ROTATE_180,
    /** 4: mirrored top-bottom. */
    FLIP_VERTICAL,
    /** 5: mirrored along the main diagonal (transpose). */
    TRANSPOSE,
    /** 6: needs a 90° clockwise turn. */
    ROTATE_90_CW,
    /** 7: mirrored along the anti-diagonal (transverse). */
    TRANSVERSE,
    /** 8: needs a 90° counter-clockwise turn. */
    ROTATE_90_CCW;

    /** The orientation for an EXIF value 1–8; anything else is treated as {@link #NORMAL}. */
    public static Orientation ofExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    /** Returns {@code img} turned upright (a new image; {@code NORMAL} returns it unchanged). */
    public RgbImage apply(RgbImage img) {
        if (this == NORMAL) {
            return img;
        }
        int w = img.width();
        int h = img.height();
        boolean swap = ordinal() >= TRANSPOSE.ordinal();
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        float[] in = img.data();
        float[] out = new float[in.length]; // (3, oh, ow)
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int sx;
                    int sy;
                    switch (this) {
                        case FLIP_HORIZONTAL -> { sx = w - 1 - ox; sy = oy; }
                        case ROTATE_180 -> { sx = w - 1 - ox; sy = h - 1 - oy; }
                        case FLIP_VERTICAL -> { sx = ox; sy = h - 1 - oy; }
                        case TRANSPOSE -> { sx = oy; sy = ox; }
                        case ROTATE_90_CW -> { sx = oy; sy = h - 1 - ox; }
                        case TRANSVERSE -> { sx = w - 1 - oy; sy = h - 1 - ox; }
                        case ROTATE_90_CCW -> { sx = w - 1 - oy; sy = ox; }
                        default -> throw new IllegalStateException(name());
                    }
                    out[(c * oh + oy) * ow + ox] = in[(c * h + sy) * w + sx];
                }
            }
        }
        return new RgbImage(ow, oh, out);
    }
}
