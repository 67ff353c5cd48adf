package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import dev.listkit.core.modality.ModalityRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists media files under a directory in a stable order, never leaving the dataset root. Which extensions a
 * plain folder holds is the installed modalities' answer ({@link #modalityExtensions}); readers of audio
 * datasets look for re-encoded copies of a listed clip under {@link #AUDIO_EXTENSIONS}.
 */
public final class MediaFiles {
    /** Audio extensions, in the order a reader tries them when it looks for {@code <stem>.<ext>}. */
    public static final List<String> AUDIO_EXTENSIONS = List.of("wav", "flac", "ogg", "mp3");

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
     * What {@link #scan} found.
     *
     * @param files   the media files, sorted by path relative to the scanned directory
     * @param refused one line per link not used (out of the dataset root, or broken), "path: reason", sorted
     */
    public record Listing(List<Path> files, List<String> refused) {
        public Listing {
            files = List.copyOf(files);
            refused = List.copyOf(refused);
        }
    }

    /**
     * Regular files under {@code dir} (recursively) whose extension is in {@code extensions} (lower case,
     * no dot; compared case-insensitively), skipping hidden files and directories, sorted by their path
     * relative to {@code dir} with '/' separators. Confined to {@code root} like a JSONL manifest: links
     * to directories are not followed, and a link to a file is kept only when its target lies inside
     * the root's real path (others are listed in {@link Listing#refused()}). Paths are returned under
     * {@code dir} as given, even when {@code dir} itself is reached through a link.
     *
     * @throws DatasetException when {@code dir} cannot be listed or its real path lies outside the root
     */
    public static Listing scan(Path dir, Path root, Set<String> extensions) throws DatasetException {
        Path realRoot;
        Path realDir;
        try {
            realRoot = root.toRealPath();
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot resolve: " + e.getMessage(), e);
        }
        if (!realDir.startsWith(realRoot)) {
            throw new DatasetException(dir, "leads (through a link) to " + realDir + ", outside the dataset root "
                    + realRoot);
        }
        List<Path> files = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        // Walk the real directory (a walk does not enter a start that is a link) and map paths back.
        try (Stream<Path> found = Files.find(realDir, Integer.MAX_VALUE, (p, attrs) ->
                (attrs.isRegularFile() || attrs.isSymbolicLink())
                        && !hidden(realDir.relativize(p))
                        && extensions.contains(extension(p.getFileName().toString())))) {
            for (Path real : (Iterable<Path>) found::iterator) {
                Path file = dir.resolve(realDir.relativize(real));
                if (Files.isSymbolicLink(real)) {
                    String why = linkProblem(real, realRoot);
                    if (why != null) {
                        refused.add(file + ": " + why);
                        continue;
                    }
                }
                files.add(file);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(dir, "cannot list: " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> relative(dir, p)));
        refused.sort(Comparator.naturalOrder());
        return new Listing(files, refused);
    }

    /** Why the link {@code link} is not used (target outside {@code realRoot}, or not a file), or null. */
    private static String linkProblem(Path link, Path realRoot) {
        try {
            Path target = link.toRealPath();
            if (!target.startsWith(realRoot)) {
                return "symbolic link to " + target + ", outside the dataset root " + realRoot + "; not followed";
            }
            return Files.isRegularFile(target) ? null : "symbolic link to " + target + ", not a file";
        } catch (IOException e) {
            return "broken symbolic link (" + e.getMessage() + ")";
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
