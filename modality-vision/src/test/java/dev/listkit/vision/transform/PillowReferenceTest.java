package dev.listkit.vision.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.util.Json;
import dev.listkit.vision.image.RgbImage;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Resampler} against Pillow 9.4's float ("F" mode) resize, whose output was stored by
 * {@code scripts/reference/pil_resize_reference.py} in {@code reference/pil-resize.json}.
 */
class PillowReferenceTest {
    /** The same formula as the Python script. */
    static double value(int x, int y) {
        return 0.5 + 0.2 * Math.sin(0.7 * x + 0.3 * y) + 0.15 * Math.cos(0.45 * x * y / 7.0);
    }

    @Test
    void matchesPillowFloatResize() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/reference/pil-resize.json")) {
            ref = Json.MAPPER.readTree(in);
        }
        int w = ref.get("width").asInt();
        int h = ref.get("height").asInt();
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = (float) value(x, y);
                }
            }
        }
        RgbImage src = new RgbImage(w, h, d);
        int cases = 0;
        for (JsonNode c : ref.get("cases")) {
            Interpolation f = Interpolation.parse(c.get("filter").asText());
            int ow = c.get("width").asInt();
            int oh = c.get("height").asInt();
            RgbImage out;
            if (c.has("box")) {
                JsonNode b = c.get("box");
                double x0 = b.get(0).asDouble();
                double y0 = b.get(1).asDouble();
                out = Resampler.resize(src, x0, y0, b.get(2).asDouble() - x0, b.get(3).asDouble() - y0, ow, oh, f);
            } else {
                out = Resampler.resize(src, ow, oh, f);
            }
            JsonNode values = c.get("values");
            assertEquals(ow * oh, values.size());
            double maxDiff = 0;
            for (int i = 0; i < values.size(); i++) {
                for (int ch = 0; ch < 3; ch++) {
                    maxDiff = Math.max(maxDiff, Math.abs(values.get(i).asDouble() - out.data()[ch * ow * oh + i]));
                }
            }
            assertTrue(maxDiff < 2e-6, f + " " + ow + "x" + oh + (c.has("box") ? " box" : "") + ": max diff " + maxDiff);
            cases++;
        }
        assertEquals(10, cases);
    }
}
