package dev.listkit.vision.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.listkit.vision.image.RgbImage;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    /** A w × h image with value f(x) in every channel and row. */
    static RgbImage columns(int w, int h, java.util.function.IntToDoubleFunction f) {
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = (float) f.applyAsDouble(x);
                }
            }
        }
        return new RgbImage(w, h, d);
    }

    @Test
    void constantImagesStayConstantAtAnySize() {
        RgbImage grey = columns(37, 23, x -> 0.3);
        for (Interpolation f : Interpolation.values()) {
            for (int[] size : new int[][] {{5, 3}, {64, 64}, {37, 23}, {100, 7}}) {
                RgbImage out = Resampler.resize(grey, size[0], size[1], f);
                for (float v : out.data()) {
                    assertEquals(0.3f, v, 1e-6f, f + " " + size[0] + "x" + size[1]);
                }
            }
        }
    }

    @Test
    void sameSizeIsTheIdentity() {
        RgbImage img = columns(9, 4, x -> (x * 7 % 5) / 5.0);
        for (Interpolation f : Interpolation.values()) {
            assertArrayEquals(img.data(), Resampler.resize(img, 9, 4, f).data(), 1e-6f, f.name());
        }
    }

    @Test
    void bilinearTwoToFourMatchesPillow() {
        // Pillow: Image.fromarray([[0, 255]]).resize((4, 1), BILINEAR) -> [0, 64, 191, 255]
        RgbImage img = columns(2, 1, x -> x);
        RgbImage out = Resampler.resize(img, 4, 1, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, java.util.Arrays.copyOf(out.data(), 4), 1e-6f);
    }

    @Test
    void interiorOfALinearRampIsReproduced() {
        // Both kernels reproduce linear functions where the (symmetric) kernel lies inside the image:
        // output i samples the input at pixel coordinate (i + 0.5) * scale - 0.5.
        int w = 64;
        RgbImage ramp = columns(w, 2, x -> x / 100.0);
        for (Interpolation f : Interpolation.values()) {
            for (int outW : new int[] {16, 32, 128}) {
                double scale = (double) w / outW;
                RgbImage out = Resampler.resize(ramp, outW, 2, f);
                double reach = f.support() * Math.max(scale, 1) + 1;
                for (int i = 0; i < outW; i++) {
                    double at = (i + 0.5) * scale - 0.5;
                    if (at - reach < 0 || at + reach > w - 1) {
                        continue; // the kernel is cut at the border there
                    }
                    assertEquals(at / 100.0, out.get(1, i, 1), 1e-5, f + " -> " + outW + " at " + i);
                }
            }
        }
    }

    @Test
    void downsamplingAntialiasesAHighFrequencyPattern() {
        // a 1-pixel stripe pattern averaged over 4 pixels is flat grey, not aliased stripes
        RgbImage stripes = columns(64, 4, x -> x % 2);
        for (Interpolation f : Interpolation.values()) {
            RgbImage out = Resampler.resize(stripes, 16, 4, f);
            for (int i = 2; i < 14; i++) {
                assertEquals(0.5f, out.get(0, i, 2), 0.02f, f + " column " + i);
            }
        }
    }

    @Test
    void bicubicOvershootIsClampedToTheUnitRange() {
        RgbImage step = columns(8, 1, x -> x < 4 ? 0 : 1);
        RgbImage out = Resampler.resize(step, 32, 1, Interpolation.BICUBIC);
        for (float v : out.data()) {
            assertEquals(0.5f, v, 0.5f);
        }
    }
}
