package dev.listkit.vision;

import static org.junit.jupiter.api.Assertions.fail;

import dev.listkit.core.io.DataRoot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers: real data under the data root, and generated images. */
public final class TestImages {
    private TestImages() {
    }

    /**
     * The directory {@code rel} under the data root. Missing data skips the test locally but fails it
     * when {@code CI=true}, so CI never silently skips.
     */
    public static Path dataDir(String rel) {
        Path dir = DataRoot.get().resolve(rel);
        if (!Files.isDirectory(dir)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but test data is missing: " + dir);
            }
            Assumptions.abort("test data not found: " + dir);
        }
        return dir;
    }

    /** The first {@code n} files (sorted by name) in {@code dir} with extension {@code ext}. */
    public static List<Path> firstFiles(Path dir, String ext, int n) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith("." + ext)).sorted().limit(n).toList();
        }
    }

    /** A w × h RGB image whose pixel (x, y) is {@code f.rgb(x, y)} (0xRRGGBB). */
    public static BufferedImage rgb(int w, int h, Pixel f) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, f.rgb(x, y));
            }
        }
        return img;
    }

    /** Encodes {@code img} with ImageIO in {@code format} (png, bmp, gif, jpeg). */
    public static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IOException("no ImageIO writer for " + format + " and " + img);
        }
        return out.toByteArray();
    }

    /** A pixel function. */
    @FunctionalInterface
    public interface Pixel {
        /** 0xRRGGBB at (x, y). */
        int rgb(int x, int y);
    }
}
