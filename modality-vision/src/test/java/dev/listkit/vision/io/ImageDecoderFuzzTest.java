package dev.listkit.vision.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.listkit.core.MediaException;
import dev.listkit.vision.TestImages;
import dev.listkit.vision.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz-style robustness of {@link ImageDecoder}: a few thousand deterministic mutations of real JPEGs
 * (Flickr8k, CIFAR-10, Tux Paint) and of PNGs made from them — random header fields (JPEG frame size,
 * precision, components, segment lengths; PNG IHDR size, depth, colour type, with and without a valid
 * CRC), random bytes and truncations. Every case must either decode to an image within the pixel limit
 * or throw {@link MediaException} naming the file; any other exception or error fails the test, and so
 * does a decode that allocates more heap than the limit allows.
 */
class ImageDecoderFuzzTest {
    /** Pixel limit for the fuzzed decodes: small, so the allocation bound is tight and cases are fast. */
    private static final long MAX_PIXELS = 1 << 20;
    /**
     * Heap one decode may allocate: 64 bytes per pixel of the limit (ImageIO raster of up to 8 bytes per
     * pixel for 16-bit RGBA, float RGB of 12, an oriented copy of 12, row buffers) plus 8 MiB of
     * fixed cost (readers, tables, the metadata reader). A header that could make the decoder allocate
     * for its claimed size instead of its limit breaks this by orders of magnitude.
     */
    private static final long MAX_ALLOCATED_BYTES = 64 * MAX_PIXELS + (8L << 20);
    private static final int CASES = 2400;
    private static final long SEED = 20261129L;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private record Seed(String name, byte[] bytes) {
    }

    private static List<Seed> seeds() throws Exception {
        List<Seed> out = new ArrayList<>();
        List<Path> jpegs = new ArrayList<>();
        jpegs.addAll(TestImages.firstFiles(TestImages.dataDir("flickr8k/images"), "jpg", 3));
        jpegs.addAll(TestImages.firstFiles(TestImages.dataDir("cifar10/test/cat"), "jpg", 2));
        jpegs.addAll(TestImages.firstFiles(TestImages.dataDir("tuxpaint-stamps/images"), "jpg", 2));
        for (Path p : jpegs) {
            out.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p)));
        }
        // PNGs of a real photo: RGB, grey, RGBA.
        BufferedImage photo = ImageIO.read(jpegs.get(0).toFile());
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage img = new BufferedImage(photo.getWidth(), photo.getHeight(), type);
            img.getGraphics().drawImage(photo, 0, 0, null);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            out.add(new Seed("photo-type" + type + ".png", png.toByteArray()));
        }
        return out;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard for CI, not a speed assertion
    void mutatedImagesFailOnlyWithMediaExceptionAndBoundedAllocation() throws Exception {
        List<Seed> seeds = seeds();
        SplittableRandom rng = new SplittableRandom(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        long maxAllocated = 0;
        for (int i = 0; i < CASES; i++) {
            Seed seed = seeds.get(rng.nextInt(seeds.size()));
            byte[] bytes = seed.bytes().clone();
            String mutation = seed.name().endsWith(".png") ? mutatePng(bytes, rng) : mutateJpeg(bytes, rng);
            if (rng.nextInt(4) == 0) {
                int cut = rng.nextInt(bytes.length + 1);
                bytes = Arrays.copyOf(bytes, cut);
                mutation += ", cut at " + cut;
            }
            Path file = Path.of("fuzz-" + i + "-" + seed.name());
            String what = "case " + i + " (" + seed.name() + ": " + mutation + ")";
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                RgbImage img = ImageDecoder.decode(file, bytes, MAX_PIXELS);
                assertTrue((long) img.width() * img.height() <= MAX_PIXELS, what);
                for (float v : img.data()) {
                    if (!(v >= 0 && v <= 1)) {
                        fail(what + ": pixel value " + v);
                    }
                }
                outcomes.merge("decoded", 1, Integer::sum);
            } catch (MediaException e) {
                assertEquals(file, e.path(), what);
                assertTrue(e.reason().indexOf('\n') < 0, what + ": one-line reason: " + e.reason());
                outcomes.merge(kind(e.reason()), 1, Integer::sum);
            } catch (Throwable t) {
                throw new AssertionError(what + ": expected only MediaException, got " + t, t);
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            maxAllocated = Math.max(maxAllocated, allocated);
            assertTrue(allocated <= MAX_ALLOCATED_BYTES, what + ": allocated " + allocated + " bytes, bound "
                    + MAX_ALLOCATED_BYTES);
        }
        System.out.printf(Locale.ROOT, "image fuzz: %d cases, seed %d, outcomes %s, max heap allocated by one "
                + "decode %.1f MiB (bound %.1f MiB)%n", CASES, SEED, outcomes, maxAllocated / 1048576.0,
                MAX_ALLOCATED_BYTES / 1048576.0);
        assertTrue(outcomes.getOrDefault("image too large", 0) > 0, "the pixel limit was exercised: " + outcomes);
        assertTrue(outcomes.getOrDefault("decoded", 0) > 0, "some mutations still decode: " + outcomes);
    }

    /** The leading words of a reason, to tally outcomes. */
    private static String kind(String reason) {
        int colon = reason.indexOf(':');
        String head = colon < 0 ? reason : reason.substring(0, colon);
        int paren = head.indexOf('(');
        return (paren < 0 ? head : head.substring(0, paren)).strip();
    }

    private static final int[] INTERESTING = {0, 1, 2, 3, 7, 8, 12, 16, 255, 256, 1023, 1024, 4095, 65_535};

    private static int interesting(SplittableRandom rng, int original) {
        switch (rng.nextInt(4)) {
            case 0:
                return INTERESTING[rng.nextInt(INTERESTING.length)];
            case 1:
                return original + rng.nextInt(-2, 3);
            case 2:
                return original * (1 + rng.nextInt(16));
            default:
                return rng.nextInt(1 << 16);
        }
    }

    /** Mutates a JPEG in place; returns what was done. */
    private static String mutateJpeg(byte[] b, SplittableRandom rng) {
        List<Integer> segments = jpegSegments(b);
        int sof = -1;
        for (int at : segments) {
            int marker = b[at + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xC2) {
                sof = at;
            }
        }
        int choice = rng.nextInt(6);
        if (choice <= 1 && sof >= 0) {
            int height = ((b[sof + 5] & 0xFF) << 8) | (b[sof + 6] & 0xFF);
            int width = ((b[sof + 7] & 0xFF) << 8) | (b[sof + 8] & 0xFF);
            int h = choice == 0 ? interesting(rng, height) & 0xFFFF : height;
            int w = interesting(rng, width) & 0xFFFF;
            b[sof + 5] = (byte) (h >> 8);
            b[sof + 6] = (byte) h;
            b[sof + 7] = (byte) (w >> 8);
            b[sof + 8] = (byte) w;
            return "frame " + width + "x" + height + " -> " + w + "x" + h;
        }
        if (choice == 2 && sof >= 0) {
            int field = sof + 4 + (rng.nextBoolean() ? 0 : 5); // precision or component count
            int v = interesting(rng, b[field] & 0xFF) & 0xFF;
            b[field] = (byte) v;
            return "frame byte " + (field - sof) + " -> " + v;
        }
        if (choice == 3 && !segments.isEmpty()) {
            int at = segments.get(rng.nextInt(segments.size()));
            int v = interesting(rng, ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF)) & 0xFFFF;
            b[at + 2] = (byte) (v >> 8);
            b[at + 3] = (byte) v;
            return "segment length at " + at + " -> " + v;
        }
        int flips = 1 + rng.nextInt(8);
        int span = choice == 4 ? Math.min(b.length, 700) : b.length; // headers/tables, or anywhere
        for (int k = 0; k < flips; k++) {
            b[rng.nextInt(span)] = (byte) rng.nextInt(256);
        }
        return flips + " random bytes in the first " + span;
    }

    /** Offsets of the marker segments (with a length) before the scan data. */
    private static List<Integer> jpegSegments(byte[] b) {
        List<Integer> out = new ArrayList<>();
        int at = 2;
        while (at + 4 <= b.length && (b[at] & 0xFF) == 0xFF) {
            int marker = b[at + 1] & 0xFF;
            out.add(at);
            if (marker == 0xDA) {
                break;
            }
            at += 2 + (((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF));
        }
        return out;
    }

    /** Mutates a PNG in place (IHDR at byte 8 in every PNG); returns what was done. */
    private static String mutatePng(byte[] b, SplittableRandom rng) {
        ByteBuffer bb = ByteBuffer.wrap(b); // big-endian, as PNG
        int choice = rng.nextInt(5);
        String what;
        if (choice <= 1) {
            int field = 16 + (rng.nextBoolean() ? 0 : 4); // width or height
            int v = rng.nextInt(3) == 0 ? rng.nextInt() : interesting(rng, bb.getInt(field));
            bb.putInt(field, v);
            what = (field == 16 ? "width" : "height") + " -> " + Integer.toUnsignedString(v);
        } else if (choice == 2) {
            int field = 24 + rng.nextInt(5); // depth, colour type, compression, filter, interlace
            int v = interesting(rng, b[field] & 0xFF) & 0xFF;
            b[field] = (byte) v;
            what = "IHDR byte " + (field - 16) + " -> " + v;
        } else {
            int flips = 1 + rng.nextInt(8);
            int from = choice == 3 ? 33 : 8; // after IHDR (chunk lengths, IDAT), or anywhere
            for (int k = 0; k < flips; k++) {
                b[from + rng.nextInt(b.length - from)] = (byte) rng.nextInt(256);
            }
            what = flips + " random bytes from " + from;
        }
        if (choice <= 2 && rng.nextInt(4) != 0) {
            CRC32 crc = new CRC32();
            crc.update(b, 12, 17); // "IHDR" + 13 data bytes
            bb.putInt(29, (int) crc.getValue());
            what += " (CRC fixed)";
        }
        return what;
    }
}
