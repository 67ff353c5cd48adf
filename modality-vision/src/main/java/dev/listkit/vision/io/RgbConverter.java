package dev.listkit.vision.io;

import dev.listkit.vision.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/** Converts any decoded {@link BufferedImage} to a planar float {@link RgbImage} in [0, 1]. */
final class RgbConverter {
    private RgbConverter() {
    }

    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int n = w * h;
        float[] out = new float[3 * n]; // (3, h, w)
        Raster r = img.getRaster();
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && r.getDataBuffer() instanceof DataBufferByte db
                && db.getNumBanks() == 1 && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0) {
            // fast path: what the JPEG readers return for colour images
            byte[] b = db.getData();
            for (int i = 0; i < n; i++) {
                out[2 * n + i] = (b[3 * i] & 0xFF) / 255f;
                out[n + i] = (b[3 * i + 1] & 0xFF) / 255f;
                out[i] = (b[3 * i + 2] & 0xFF) / 255f;
            }
        } else if (isGrey(img)) {
            // copy the stored grey level: Java's getRGB would push it through a linear-to-sRGB curve
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            float[] row = new float[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    float v = row[x] / max;
                    out[y * w + x] = v;
                    out[n + y * w + x] = v;
                    out[2 * n + y * w + x] = v;
                }
            }
        } else {
            // palette (IndexColorModel maps exactly), RGB(A), 16-bit, CMYK: the colour model converts
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < n; i++) {
                int p = argb[i];
                out[i] = ((p >> 16) & 0xFF) / 255f;
                out[n + i] = ((p >> 8) & 0xFF) / 255f;
                out[2 * n + i] = (p & 0xFF) / 255f;
            }
        }
        return new RgbImage(w, h, out);
    }

    private static boolean isGrey(BufferedImage img) {
        return !(img.getColorModel() instanceof IndexColorModel)
                && img.getColorModel() instanceof ComponentColorModel cm
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }
}
