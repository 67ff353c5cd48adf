package dev.listkit.vision.io;

import dev.listkit.core.MediaException;
import dev.listkit.vision.image.Orientation;
import dev.listkit.vision.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, BMP and GIF (first frame) files to upright {@link RgbImage}s with
 * {@code javax.imageio}.
 *
 * <ul>
 *   <li>CMYK and YCCK JPEGs, which the JDK's reader rejects, are read by the TwelveMonkeys
 *       {@code imageio-jpeg} plugin (registered with ImageIO from the class path) and converted to
 *       sRGB through their ICC profile, or a default CMYK profile when they have none.</li>
 *   <li>Greyscale, grey + alpha and palette images become RGB with the grey level (or palette entry)
 *       copied unchanged, as {@code PIL.Image.convert("RGB")} does; alpha is dropped.</li>
 *   <li>The EXIF orientation of a JPEG (read with metadata-extractor) is applied.</li>
 *   <li>Missing, empty, unreadable, unrecognised, corrupt and truncated files, and directories, throw
 *       {@link MediaException} with the path and a one-line reason. A JPEG whose data ends early counts
 *       as truncated even though the JDK decoder would fill the rest with grey. Images over
 *       {@link #MAX_PIXELS} are refused before their pixels are allocated.</li>
 * </ul>
 *
 * <p>Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
    /**
     * Largest image accepted, in pixels (Pillow's decompression-bomb error threshold): a corrupt or
     * hostile header cannot make a loader thread allocate gigabytes.
     */
    public static final long MAX_PIXELS = 178_956_970L;

    static {
        ImageIO.setUseCache(false); // decode from memory; no temp files
    }

    private ImageDecoder() {
    }

    /** Decodes {@code file}; see the class comment for what is accepted. */
    public static RgbImage decode(Path file) throws MediaException {
        return decode(file, readBytes(file), MAX_PIXELS);
    }

    /**
     * Decodes the bytes of {@code file}, refusing images over {@code maxPixels} before their pixels are
     * allocated ({@link #decode(Path)} uses {@link #MAX_PIXELS}; tests use smaller limits).
     */
    static RgbImage decode(Path file, byte[] bytes, long maxPixels) throws MediaException {
        DecodedFrame frame = decodeFirstFrame(file, bytes, maxPixels);
        RgbImage rgb = RgbConverter.toRgb(frame.image());
        if (frame.format().equals("jpeg")) {
            rgb = ExifOrientationReader.orientation(bytes).apply(rgb);
        }
        return rgb;
    }

    /** The decoded first frame and the reader's lower-case format name, e.g. {@code jpeg}. */
    record DecodedFrame(BufferedImage image, String format) {
    }

    static byte[] readBytes(Path file) throws MediaException {
        if (Files.isDirectory(file)) {
            throw new MediaException(file, "is a directory, not an image file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MediaException(file, "no such file", e);
        } catch (IOException e) {
            throw new MediaException(file, "cannot read: " + e, e);
        }
        if (bytes.length == 0) {
            throw new MediaException(file, "empty file (0 bytes)");
        }
        return bytes;
    }

    static DecodedFrame decodeFirstFrame(Path file, byte[] bytes, long maxPixels) throws MediaException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MediaException(file, "not a recognised image format (expected JPEG, PNG, BMP or GIF)");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(collect(warnings));
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new MediaException(file, "image too large: " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels (limit " + maxPixels + ")");
                }
                BufferedImage img = reader.read(0);
                for (String w : warnings) {
                    String lw = w.toLowerCase(Locale.ROOT);
                    if (lw.contains("premature end") || lw.contains("truncat")) {
                        throw new MediaException(file, "truncated image data (" + w + ")");
                    }
                }
                if (img == null || img.getWidth() < 1 || img.getHeight() < 1) {
                    throw new MediaException(file, "image has no pixels");
                }
                return new DecodedFrame(img, reader.getFormatName().toLowerCase(Locale.ROOT));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new MediaException(file, "corrupt or truncated image: " + oneLine(e), e);
        } catch (RuntimeException e) {
            // Some ImageIO plugins signal bad data with unchecked exceptions (e.g. IndexOutOfBounds).
            throw new MediaException(file, "corrupt image: " + oneLine(e), e);
        }
    }

    private static IIOReadWarningListener collect(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}
