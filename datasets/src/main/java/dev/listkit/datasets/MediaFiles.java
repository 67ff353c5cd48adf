package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import dev.listkit.core.modality.ModalityRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists media files under a directory in a stable order. Which extensions are media is the installed
 * modalities' answer ({@link #modalityExtensions}), not a list of this module's own.
 */
public final class MediaFiles {
    private MediaFiles() {
    }

    /**
     * The extensions a plain folder is scanned for when none are given: those the installed modality plugins
     * decode ({@code Modality.fileExtensions()}).
     *
     * @throws DatasetException naming {@code dir} when no modality plugin is installed (pass extensions then)
     */
    public static Set<String> modalityExtensions(Path dir) throws DatasetException {
        Set<String> ext = ModalityRegistry.fileExtensions();
        if (ext.isEmpty()) {
            throw new DatasetException(dir, "no file extensions given and no modality plugin installed to ask;"
                    + " pass the extensions (folder option ext=wav,flac)");
        }
        return ext;
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
