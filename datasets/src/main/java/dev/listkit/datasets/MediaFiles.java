package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Lists media files under a directory in a stable order. */
public final class MediaFiles {
    /** Extensions a plain folder is scanned for when none are given. */
    public static final Set<String> DEFAULT_EXTENSIONS =
            Set.of("wav", "flac", "mp3", "ogg", "jpg", "jpeg", "png", "bmp", "gif", "webp");

    private MediaFiles() {
    }

    /**
     * Regular files under {@code dir} (recursively, not following links) whose extension is in
     * {@code extensions} (lower case, no dot; compared case-insensitively), skipping hidden files
     * and directories, sorted by their path relative to {@code dir} with '/' separators.
     */
    public static List<Path> list(Path dir, Set<String> extensions) throws DatasetException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir.relativize(p)))
                    .filter(p -> extensions.contains(extension(p.getFileName().toString())))
                    .sorted(Comparator.comparing(p -> relative(dir, p)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    /** {@code file} relative to {@code dir}, with '/' separators. */
    public static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Lower-case extension without the dot, or "" when there is none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
