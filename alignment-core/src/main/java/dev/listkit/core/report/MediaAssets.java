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
 *
 * <p>Only files whose real path lies inside the run's {@link MediaRoots} are read (copied, thumbnailed or
 * decoded for a preview), through that real path; any other is refused with kind {@code refused} and listed
 * in {@link #refusals()}.
 */
final class MediaAssets {
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
    private final MediaRoots roots;
    private final java.util.Set<String> refusals = new java.util.LinkedHashSet<>();
    private final Map<Path, Copied> media = new HashMap<>();
    private final Map<Path, Copied> pictures = new HashMap<>();
    private long bytes;

    MediaAssets(Path outDir, Previews previews, MediaRoots roots) {
        this.outDir = outDir;
        this.previews = previews;
        this.roots = roots;
    }

    /** Media paths that were refused because they resolve outside the run's roots, one line each. */
    java.util.List<String> refusals() {
        return java.util.List.copyOf(refusals);
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

    /**
     * The media file itself, copied or thumbnailed once; the modality that reads it names its kind. Kinds:
     * the HTML element, {@code file} (a link), {@code missing}, or {@code refused} (outside the run's roots).
     */
    Copied media(Path source, String runKey) {
        return media.computeIfAbsent(source, s -> copyMedia(s, runKey));
    }

    /** A picture of the features of {@code source} as {@code modality} (chosen by the caller) loads it. */
    Copied preview(Path source, String runKey) {
        return pictures.computeIfAbsent(source, s -> drawPreview(s, runKey));
    }

    /** Checks {@code source} against the roots; a refusal is recorded once. */
    private MediaRoots.Verdict check(Path source) {
        MediaRoots.Verdict v = roots.check(source);
        if (v.refusal() != null) {
            refusals.add(v.refusal());
        }
        return v;
    }

    private Copied copyMedia(Path source, String runKey) {
        MediaRoots.Verdict v = check(source);
        if (v.refusal() != null) {
            return new Copied("refused", null, v.refusal());
        }
        if (v.real() == null) {
            return new Copied("missing", null, "media file not found: " + source);
        }
        return copyConfined(source, v.real(), runKey);
    }

    private Copied copyConfined(Path source, Path real, String runKey) {
        Modality reader = previews.forFile(source, runKey).modality();
        String kind = reader == null ? "file" : reader.htmlMediaElement(extension(source)).orElse("file");
        String name = Hashing.sha256(source.toAbsolutePath().normalize().toString()).substring(0, 16);
        try {
            if (kind.equals("img")) {
                BufferedImage img;
                try (java.io.InputStream in = Files.newInputStream(real, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    img = ImageIO.read(in);
                }
                if (img != null) {
                    return write("assets/media/" + name + ".jpg", kind,
                            jpeg(TensorPictures.fit(img, THUMBNAIL_PX)));
                }
                // ImageIO has no reader for this format: copy it as it is and let the browser try.
            }
            long size = Files.size(real);
            if (size > MAX_COPY_BYTES) {
                return new Copied("file", null, "not copied: " + (size >> 20) + " MiB is over the "
                        + (MAX_COPY_BYTES >> 20) + " MiB limit (" + source.getFileName() + ")");
            }
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(real, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_COPY_BYTES + 1);
            }
            if (bytes.length > MAX_COPY_BYTES) {
                return new Copied("file", null, "not copied: over the " + (MAX_COPY_BYTES >> 20) + " MiB limit ("
                        + source.getFileName() + ")");
            }
            return write("assets/media/" + name + "." + extension(source), kind, bytes);
        } catch (IOException | RuntimeException e) {
            return new Copied("missing", null, "cannot copy " + source.getFileName() + ": " + e.getMessage());
        }
    }

    private Copied drawPreview(Path source, String runKey) {
        MediaRoots.Verdict v = check(source);
        if (v.refusal() != null) {
            return new Copied("refused", null, v.refusal());
        }
        if (v.real() == null) {
            return new Copied("missing", null, "no features: media file not found");
        }
        Path real = v.real();
        Previews.Choice choice = previews.forFile(source, runKey);
        if (choice.modality() == null) {
            return new Copied("missing", null, "no features: " + choice.note());
        }
        try {
            Modality m = choice.modality();
            FloatTensor features = m.load(real);
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
