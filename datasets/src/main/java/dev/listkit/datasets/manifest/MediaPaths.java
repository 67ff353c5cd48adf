package dev.listkit.datasets.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a manifest's media path against the dataset root and refuses paths that leave it: absolute
 * paths, {@code ..} that climbs above the root, and (for files that exist) symbolic links whose
 * target lies outside the root's real path.
 */
final class MediaPaths {
    private final Path root;
    private final Path realRoot;

    MediaPaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    /** The resolved path, or empty with the reason in {@code why[0]} when it escapes the root. */
    Optional<Path> resolve(String media, String[] why) {
        if (media.startsWith("/") || media.startsWith("\\") || Path.of(media).isAbsolute()
                || media.matches("^[A-Za-z]:[/\\\\].*")) {
            why[0] = "absolute media path not allowed";
            return Optional.empty();
        }
        Path resolved = root.resolve(media).normalize();
        if (!resolved.startsWith(root)) {
            why[0] = "media path leaves the dataset root " + root;
            return Optional.empty();
        }
        if (Files.exists(resolved)) {
            try {
                if (!resolved.toRealPath().startsWith(realRoot)) {
                    why[0] = "media path resolves (through a link) outside the dataset root " + realRoot;
                    return Optional.empty();
                }
            } catch (IOException e) {
                why[0] = "cannot resolve media path: " + e.getMessage();
                return Optional.empty();
            }
        }
        return Optional.of(resolved);
    }
}
