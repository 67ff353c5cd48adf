package dev.listkit.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.TensorPictures;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TensorPicturesTest {
    @Test
    void heatmapScalesMinToMaxAndCanPutRowZeroAtTheBottom() {
        // (1, 2, 3): row 0 low values, row 1 high values
        FloatTensor t = new FloatTensor(new float[] {0, 0, 0, 10, 10, 10}, new long[] {1, 2, 3});
        BufferedImage top = TensorPictures.heatmap(t, true);
        assertEquals(3, top.getWidth());
        assertEquals(2, top.getHeight());
        assertEquals(0x440154, top.getRGB(0, 0) & 0xffffff, "minimum is viridis' first colour");
        assertEquals(0xfde725, top.getRGB(0, 1) & 0xffffff, "maximum is viridis' last colour");
        BufferedImage bottom = TensorPictures.heatmap(t, false);
        assertEquals(0xfde725, bottom.getRGB(2, 0) & 0xffffff, "row 1 drawn at the top");
        assertThrows(IllegalArgumentException.class,
                () -> TensorPictures.heatmap(new FloatTensor(new float[2], new long[] {2}), true));
    }

    @Test
    void rgbUndoesTheNormalisation() {
        float[] mean = {0.5f, 0.5f, 0.5f};
        float[] std = {0.25f, 0.25f, 0.25f};
        // one pixel: R = 1.0, G = 0.5, B = 0.0 after v * std + mean
        FloatTensor t = new FloatTensor(new float[] {2f, 0f, -2f}, new long[] {3, 1, 1});
        assertEquals(0xff8000, TensorPictures.rgb(t, mean, std).getRGB(0, 0) & 0xffffff);
    }

    @Test
    void fitNeverEnlarges() {
        BufferedImage small = new BufferedImage(10, 5, BufferedImage.TYPE_INT_RGB);
        assertEquals(10, TensorPictures.fit(small, 320).getWidth());
        BufferedImage big = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB);
        BufferedImage f = TensorPictures.fit(big, 320);
        assertEquals(320, f.getWidth());
        assertEquals(160, f.getHeight());
    }
}
