package dev.listkit.core.report;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.TensorPictures;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Copies media into the report's {@code assets/} so that the report folder stands alone: files a browser
 * shows in an {@code img} element as JPEG thumbnails, other browser-playable files as they are (up to
 * {@link #MAX_COPY_BYTES}), and a picture of each sample's features drawn by its modality
 * ({@link Modality#preview}). Which element shows a file is the modality's answer
 * ({@link Modality#htmlMediaElement}). Each source file is copied once however many entries show it.
 */
final class MediaFiles {
    /** Longest side of picture thumbnails and feature previews, in pixels. */
    static final int THUMBNAIL_PX = 320;
    /** Files larger than this are linked by name only, not copied. */
    static final long MAX_COPY_BYTES = 16L << 20;

    /**
     * A copied file as the page refers to it.
     *
     * @param kind the HTML element that shows it ({@code img}, ...), {@code file} (a link) or {@code missing}
     * @param src  path relative to the report folder, or null
     * @param note why there is no copy, or null
     */
    record Copied(String kind, String src, String note) {
    }

    private final Path outDir;
    private final Previews previews;
    private final Map<Path, Copied> media = new HashMap<>();
    private final Map<Path, Copied> pictures = new HashMap<>();
    private long bytes;

    MediaFiles(Path outDir, Previews previews) {
        this.outDir = outDir;
        this.previews = previews;
    }

    /** Bytes written under {@code assets/media} and {@code assets/preview} so far. */
    long bytes() {
        return bytes;
    }

    /** The run modality's caption stop words ({@link Modality#captionStopWords}); empty when it is unknown. */
    Set<String> captionStopWords(String runKey) {
        return previews.captionStopWords(runKey);
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The media file itself, copied or thumbnailed once; the modality that reads it names its kind. */
    Copied media(Path source, String runKey) {
        return media.computeIfAbsent(source, s -> copyMedia(s, runKey));
    }

    /** A picture of the features of {@code source} as {@code modality} (chosen by the caller) loads it. */
    Copied preview(Path source, String runKey) {
        return pictures.computeIfAbsent(source, s -> drawPreview(s, runKey));
    }

    private Copied copyMedia(Path source, String runKey) {
        if (!Files.isRegularFile(source)) {
            return new Copied("missing", null, "media file not found: " + source);
        }
        Modality reader = previews.forFile(source, runKey).modality();
        String kind = reader == null ? "file" : reader.htmlMediaElement(extension(source)).orElse("file");
        String name = Hashing.sha256(source.toAbsolutePath().normalize().toString()).substring(0, 16);
        try {
            if (kind.equals("img")) {
                BufferedImage img = ImageIO.read(source.toFile());
                if (img != null) {
                    return write("assets/media/" + name + ".jpg", kind,
                            jpeg(TensorPictures.fit(img, THUMBNAIL_PX)));
                }
                // ImageIO has no reader for this format: copy it as it is and let the browser try.
            }
            long size = Files.size(source);
            if (size > MAX_COPY_BYTES) {
                return new Copied("file", null, "not copied: " + (size >> 20) + " MiB is over the "
                        + (MAX_COPY_BYTES >> 20) + " MiB limit (" + source.getFileName() + ")");
            }
            return write("assets/media/" + name + "." + extension(source), kind, Files.readAllBytes(source));
        } catch (IOException | RuntimeException e) {
            return new Copied("missing", null, "cannot copy " + source.getFileName() + ": " + e.getMessage());
        }
    }

    private Copied drawPreview(Path source, String runKey) {
        if (!Files.isRegularFile(source)) {
            return new Copied("missing", null, "no features: media file not found");
        }
        Previews.Choice choice = previews.forFile(source, runKey);
        if (choice.modality() == null) {
            return new Copied("missing", null, "no features: " + choice.note());
        }
        try {
            Modality m = choice.modality();
            FloatTensor features = m.load(source);
            BufferedImage img = TensorPictures.fit(m.preview(features), 2 * THUMBNAIL_PX);
            String name = Hashing.sha256(m.fingerprint() + "\n" + source.toAbsolutePath().normalize()).substring(0, 16);
            Copied c = write("assets/preview/" + name + ".png", "img", png(img));
            return new Copied(c.kind(), c.src(), m.id() + " features " + features.shapeString()
                    + (choice.note() == null ? "" : "; " + choice.note()));
        } catch (dev.listkit.core.MediaException | IOException | RuntimeException e) {
            return new Copied("missing", null, "no features: " + e.getMessage());
        }
    }

    private Copied write(String relative, String kind, byte[] data) throws IOException {
        AtomicFiles.write(outDir.resolve(relative), data);
        bytes += data.length;
        return new Copied(kind, relative, null);
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        BufferedImage rgb = img;
        if (img.getType() != BufferedImage.TYPE_INT_RGB) { // JPEG has no alpha
            rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = rgb.createGraphics();
            try {
                g.drawImage(img, 0, 0, java.awt.Color.WHITE, null);
            } finally {
                g.dispose();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(rgb, "jpg", out)) {
            throw new IOException("no JPEG writer");
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
