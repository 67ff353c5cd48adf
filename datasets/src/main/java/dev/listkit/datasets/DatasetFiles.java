package dev.listkit.datasets;

import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks on a dataset's root and its required files, with errors that name the path. */
public final class DatasetFiles {
    private DatasetFiles() {
    }

    /** The root, absolute and normalised, or an error when it is missing or not a directory. */
    public static Path requireRoot(Path root) throws DatasetException {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new DatasetException(abs, "dataset root does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw new DatasetException(abs, "dataset root is not a directory");
        }
        return abs;
    }

    /** {@code root/relative}, or an error naming it when it is not a regular file. */
    public static Path requireFile(Path root, String relative, String what) throws DatasetException {
        Path file = root.resolve(relative).normalize();
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, what + " not found");
        }
        return file;
    }

    /**
     * {@code base/relative} for a file name read from a metadata row; the row is bad when the name is
     * absolute or climbs out of {@code base} with {@code ..}.
     */
    public static Path resolveInside(Path base, String relative) throws BadRowException {
        Path rel = Path.of(relative);
        if (rel.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw new BadRowException("absolute media path '" + relative + "' not allowed");
        }
        Path resolved = base.resolve(rel).normalize();
        if (!resolved.startsWith(base.normalize())) {
            throw new BadRowException("media path '" + relative + "' leaves " + base);
        }
        return resolved;
    }

    /**
     * The file an option such as {@code file=} names, relative to {@code root}; an absolute name or one
     * that leaves the root is a configuration error.
     */
    public static Path optionFile(String provider, Path root, String name) throws ConfigException {
        Path file = root.resolve(name).normalize();
        if (Path.of(name).isAbsolute() || !file.startsWith(root)) {
            throw new ConfigException(provider + ": option file=" + name + " must be a path inside " + root);
        }
        return file;
    }

    /**
     * {@code file} when it exists; otherwise the first existing {@code <stem>.<ext>} beside it for
     * {@code ext} in {@code extensions} (a copy re-encoded to FLAC or Opus keeps the metadata's
     * {@code .wav} names); otherwise {@code file}, which the caller then reports as missing.
     */
    public static Path existingVariant(Path file, List<String> extensions) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        String stem = stem(file.getFileName().toString());
        for (String ext : extensions) {
            Path candidate = file.resolveSibling(stem + "." + ext);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return file;
    }

    /** The file name without its last extension, e.g. {@code 1-100038-A-14} for {@code 1-100038-A-14.wav}. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
