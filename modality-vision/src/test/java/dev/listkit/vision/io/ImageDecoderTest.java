package dev.listkit.vision.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.MediaException;
import dev.listkit.vision.TestImages;
import dev.listkit.vision.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static void assertPixel(RgbImage img, int x, int y, double r, double g, double b, double tol) {
        String at = "pixel (" + x + ", " + y + ")";
        assertEquals((float) r, img.get(0, x, y), (float) tol, at + " red");
        assertEquals((float) g, img.get(1, x, y), (float) tol, at + " green");
        assertEquals((float) b, img.get(2, x, y), (float) tol, at + " blue");
    }

    @Test
    void bmpAndPngRgbAreExact() throws Exception {
        BufferedImage src = TestImages.rgb(5, 3, (x, y) -> (x * 50) << 16 | (y * 100) << 8 | 7);
        for (String fmt : new String[] {"bmp", "png"}) {
            RgbImage img = ImageDecoder.decode(write("a." + fmt, TestImages.encode(src, fmt)));
            assertEquals(5, img.width());
            assertEquals(3, img.height());
            assertPixel(img, 4, 2, 200 / 255.0, 200 / 255.0, 7 / 255.0, 0);
            assertPixel(img, 1, 0, 50 / 255.0, 0, 7 / 255.0, 0);
        }
    }

    @Test
    void greyscaleKeepsItsStoredLevelInAllChannels() throws Exception {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 2, 0, 77);
        RgbImage img = ImageDecoder.decode(write("g.png", TestImages.encode(grey, "png")));
        assertPixel(img, 1, 2, 77 / 255.0, 77 / 255.0, 77 / 255.0, 0);
        assertPixel(img, 0, 0, 0, 0, 0, 0);

        BufferedImage grey16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(1, 1, 0, 32768);
        RgbImage img16 = ImageDecoder.decode(write("g16.png", TestImages.encode(grey16, "png")));
        assertPixel(img16, 1, 1, 0.5, 0.5, 0.5, 1e-4);
    }

    @Test
    void paletteImagesMapThroughThePalette() throws Exception {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 128, 20};
        byte[] b = {0, (byte) 255, 30};
        IndexColorModel cm = new IndexColorModel(2, 3, r, g, b);
        BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, cm);
        for (int x = 0; x < 3; x++) {
            pal.getRaster().setSample(x, 0, 0, x);
        }
        for (String fmt : new String[] {"gif", "png"}) {
            RgbImage img = ImageDecoder.decode(write("p." + fmt, TestImages.encode(pal, fmt)));
            assertPixel(img, 0, 0, 1, 0, 0, 0);
            assertPixel(img, 1, 0, 0, 128 / 255.0, 1, 0);
            assertPixel(img, 2, 0, 10 / 255.0, 20 / 255.0, 30 / 255.0, 0);
        }
    }

    @Test
    void animatedGifGivesItsFirstFrame() throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(bo)) {
            w.setOutput(o);
            w.prepareWriteSequence(null);
            w.writeToSequence(new IIOImage(TestImages.rgb(6, 6, (x, y) -> 0xFF0000), null, null), null);
            w.writeToSequence(new IIOImage(TestImages.rgb(6, 6, (x, y) -> 0x0000FF), null, null), null);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        RgbImage img = ImageDecoder.decode(write("anim.gif", bo.toByteArray()));
        assertPixel(img, 3, 3, 1, 0, 0, 0);
    }

    @Test
    void alphaIsDroppedNotPremultiplied() throws Exception {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x40_C8_64_32); // alpha 0x40, colour (200, 100, 50)
        RgbImage img = ImageDecoder.decode(write("a.png", TestImages.encode(argb, "png")));
        assertPixel(img, 0, 0, 200 / 255.0, 100 / 255.0, 50 / 255.0, 0);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        // Adobe-style CMYK (APP14 transform 0, inverted ink values): left half red (M+Y), right half blue (C+M)
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int[] ink = x < 8 ? new int[] {0, 255, 255, 0} : new int[] {255, 255, 0, 0};
                r.setPixel(x, y, Arrays.stream(ink).map(v -> 255 - v).toArray());
            }
        }
        byte[] plain = writeRasterWithJdkWriter(r);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        RgbImage img = ImageDecoder.decode(write("cmyk.jpg", splice(plain, adobe)));
        assertEquals(16, img.width());
        assertPixel(img, 3, 8, 1, 0, 0, 0.1);
        assertPixel(img, 12, 8, 0, 0, 1, 0.1);
    }

    @Test
    void exifOrientationIsApplied() throws Exception {
        // 32 x 16: left half black, right half white
        byte[] jpeg = TestImages.encode(TestImages.rgb(32, 16, (x, y) -> x < 16 ? 0 : 0xFFFFFF), "jpeg");
        RgbImage upright = ImageDecoder.decode(write("o1.jpg", jpeg));
        assertEquals(32, upright.width());
        assertPixel(upright, 4, 8, 0, 0, 0, 0.05);

        RgbImage cw = ImageDecoder.decode(write("o6.jpg", splice(jpeg, exifOrientation(6))));
        assertEquals(16, cw.width());
        assertEquals(32, cw.height());
        assertPixel(cw, 8, 4, 0, 0, 0, 0.05);  // the left (black) half is now on top
        assertPixel(cw, 8, 28, 1, 1, 1, 0.05);

        RgbImage ccw = ImageDecoder.decode(write("o8.jpg", splice(jpeg, exifOrientation(8))));
        assertEquals(32, ccw.height());
        assertPixel(ccw, 8, 4, 1, 1, 1, 0.05);  // the left (black) half is now at the bottom
        assertPixel(ccw, 8, 28, 0, 0, 0, 0.05);

        RgbImage half = ImageDecoder.decode(write("o3.jpg", splice(jpeg, exifOrientation(3))));
        assertEquals(32, half.width());
        assertPixel(half, 4, 8, 1, 1, 1, 0.05);
        assertPixel(half, 28, 8, 0, 0, 0, 0.05);
    }

    @Test
    void badFilesThrowMediaExceptionNamingTheFile() throws Exception {
        byte[] png = TestImages.encode(TestImages.rgb(64, 64, (x, y) -> x * y), "png");
        assertBad(write("cut.png", Arrays.copyOf(png, png.length / 2)), "corrupt or truncated");
        byte[] gif = TestImages.encode(TestImages.rgb(64, 64, (x, y) -> (x * y) & 0xFF), "gif");
        assertBad(write("cut.gif", Arrays.copyOf(gif, gif.length / 3)), "");
        assertBad(write("noise.jpg", "this is not an image at all".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "not a recognised image format");
        assertBad(write("empty.png", new byte[0]), "empty file");
        assertBad(tmp.resolve("missing.jpg"), "no such file");
        assertBad(Files.createDirectory(tmp.resolve("folder.jpg")), "is a directory");
    }

    @Test
    void hugeDimensionsAreRefusedBeforeDecoding() throws Exception {
        // a PNG whose header claims 20000 x 20000 RGB pixels, with no image data
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(20000).putInt(20000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        assertBad(write("bomb.png", b.array()), "image too large: 20000x20000");
    }

    @Test
    void realCifarAndTuxPaintImagesDecode() throws Exception {
        Path cat = TestImages.firstFiles(TestImages.dataDir("cifar10/test/cat"), "jpg", 1).get(0);
        RgbImage img = ImageDecoder.decode(cat);
        assertEquals(32, img.width());
        assertEquals(32, img.height());
        double sum = 0;
        for (float v : img.data()) {
            assertTrue(v >= 0 && v <= 1);
            sum += v;
        }
        assertTrue(sum > 0, "a real photo is not all black");
        Path stamp = TestImages.firstFiles(TestImages.dataDir("tuxpaint-stamps/images"), "jpg", 1).get(0);
        assertTrue(ImageDecoder.decode(stamp).width() > 1);
    }

    private static void assertBad(Path file, String reasonPart) {
        MediaException e = assertThrows(MediaException.class, () -> ImageDecoder.decode(file));
        assertEquals(file, e.path());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.reason());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** An APP1 EXIF segment (big-endian TIFF) holding only IFD0 tag 0x0112 = {@code value}. */
    static byte[] exifOrientation(int value) {
        return new byte[] {
            (byte) 0xFF, (byte) 0xE1, 0, 34,
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,       // TIFF header, IFD0 at offset 8
            0, 1,                              // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) value, 0, 0, // orientation, SHORT, count 1
            0, 0, 0, 0                         // no next IFD
        };
    }

    /** Inserts {@code segment} right after the JPEG's SOI marker. */
    static byte[] splice(byte[] jpeg, byte[] segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(segment, 0, segment.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The JDK's JPEG writer writes a 4-band raster as-is, with no APP markers. */
    private static byte[] writeRasterWithJdkWriter(Raster r) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter jdk = null;
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                jdk = w;
            }
        }
        assertTrue(jdk != null, "the JDK JPEG writer is always present");
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(bo)) {
            jdk.setOutput(o);
            jdk.write(null, new IIOImage(r, null, null), null);
        } finally {
            jdk.dispose();
        }
        return bo.toByteArray();
    }
}
