package dev.listkit.core.data;

import java.awt.image.BufferedImage;

/**
 * Pictures of tensors for people: a rank-2 or rank-3 tensor as a heat map, and planar RGB as an image.
 * Nothing here knows what the axes mean; modalities choose (see
 * {@link dev.listkit.core.modality.Modality#preview}).
 */
public final class TensorPictures {
    /** Viridis control points (R, G, B in 0..255), evenly spaced from low to high. */
    private static final int[][] VIRIDIS = {
        {68, 1, 84}, {72, 40, 120}, {62, 73, 137}, {49, 104, 142}, {38, 130, 142},
        {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {180, 222, 44}, {253, 231, 37}};

    private TensorPictures() {
    }

    /**
     * The last two axes of {@code t} as a heat map (rows = axis -2, columns = axis -1), colour-scaled
     * from the tensor's minimum to its maximum (viridis). A rank-3 tensor shows its first channel.
     *
     * @param t           a rank-2 {@code (H, W)} or rank-3 {@code (C, H, W)} tensor
     * @param lowRowAtTop false draws row 0 at the bottom (frequency axes of spectrograms)
     * @throws IllegalArgumentException for other ranks or an empty tensor
     */
    public static BufferedImage heatmap(FloatTensor t, boolean lowRowAtTop) {
        long[] s = t.shape();
        if ((s.length != 2 && s.length != 3) || t.size() == 0) {
            throw new IllegalArgumentException("a heat map needs a non-empty (H, W) or (C, H, W) tensor, got "
                    + t.shapeString());
        }
        int h = (int) s[s.length - 2];
        int w = (int) s[s.length - 1];
        float[] d = t.data(); // channel 0 occupies the first h * w values
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < h * w; i++) {
            if (Float.isFinite(d[i])) {
                min = Math.min(min, d[i]);
                max = Math.max(max, d[i]);
            }
        }
        float range = max > min ? max - min : 1f;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h; r++) {
            int y = lowRowAtTop ? r : h - 1 - r;
            for (int c = 0; c < w; c++) {
                float v = d[r * w + c];
                float u = Float.isFinite(v) ? (v - min) / range : 0f;
                img.setRGB(c, y, viridis(u));
            }
        }
        return img;
    }

    /**
     * A planar {@code (3, H, W)} tensor as an RGB image after {@code v * std[c] + mean[c]}, clamped to
     * [0, 1] (undoes a per-channel normalisation).
     */
    public static BufferedImage rgb(FloatTensor t, float[] mean, float[] std) {
        long[] s = t.shape();
        if (s.length != 3 || s[0] != 3) {
            throw new IllegalArgumentException("an RGB picture needs a (3, H, W) tensor, got " + t.shapeString());
        }
        int h = (int) s[1];
        int w = (int) s[2];
        float[] d = t.data();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
                float v = d[c * plane + i] * std[c] + mean[c];
                int b = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                rgb = (rgb << 8) | b;
            }
            img.setRGB(i % w, i / w, rgb);
        }
        return img;
    }

    /** Scales {@code img} so that neither side exceeds {@code maxSidePx} (never enlarges), bilinear. */
    public static BufferedImage fit(BufferedImage img, int maxSidePx) {
        int w = img.getWidth();
        int h = img.getHeight();
        double scale = Math.min(1.0, (double) maxSidePx / Math.max(w, h));
        if (scale >= 1.0) {
            return img;
        }
        int nw = Math.max(1, (int) Math.round(w * scale));
        int nh = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, nw, nh, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int viridis(float u) {
        float x = Math.max(0f, Math.min(1f, u)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        float f = x - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int v = Math.round(VIRIDIS[i][c] + f * (VIRIDIS[i + 1][c] - VIRIDIS[i][c]));
            rgb = (rgb << 8) | v;
        }
        return rgb;
    }
}
