package dev.listkit.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the media a report may copy can live: the dataset directories the run recorded in its
 * {@code provenance.json} (keys {@code dataRoot.<dataset>}, written by the training jobs through
 * {@link dev.listkit.core.list.Provenance}),
 * and the run directory itself. A manifest is data a run wrote but anyone may edit, so a media path in it
 * is resolved to its real path (every symbolic link followed) and copied, thumbnailed or decoded only when
 * that path lies inside one of these roots; {@code /etc/passwd}, {@code ../../x} or a link out of a root
 * is refused and listed in the report's problems.
 *
 * <p>A run written before the roots were recorded has none; then the report's data root (its
 * {@code --data-root}, the base of relative manifest paths) stands in for them, and the report says so.
 */
final class MediaRoots {
    /** Provenance keys that record a dataset directory: {@code dataRoot.<dataset>}. */
    static final String PROVENANCE_PREFIX = dev.listkit.core.list.Provenance.DATA_ROOT_PREFIX;

    /**
     * The outcome of a check.
     *
     * @param real    the file's real path when it may be read, else null
     * @param refusal why not, naming the path; null when allowed
     */
    record Verdict(Path real, String refusal) {
    }

    private final List<Path> roots;
    private final String note;

    private MediaRoots(List<Path> roots, String note) {
        this.roots = List.copyOf(roots);
        this.note = note;
    }

    /**
     * The roots of a run.
     *
     * @param runDir      the run directory (always a root)
     * @param provenances the run's {@code provenance.json} maps (top level, enclosing run, training runs)
     * @param dataRoot    the report's data root, used only when no provenance records a root (may be null)
     */
    static MediaRoots of(Path runDir, List<Map<String, String>> provenances, Path dataRoot) {
        Set<Path> recorded = new LinkedHashSet<>();
        for (Map<String, String> p : provenances) {
            p.forEach((k, v) -> {
                if (k.startsWith(PROVENANCE_PREFIX) && v != null && !v.isBlank()) {
                    real(Path.of(v)).ifPresent(recorded::add);
                }
            });
        }
        List<Path> roots = new ArrayList<>(recorded);
        String note = null;
        if (recorded.isEmpty()) {
            note = "provenance.json records no dataset directories (" + PROVENANCE_PREFIX + "*): media are copied only"
                    + " from the run directory" + (dataRoot == null ? "" : " and the data root " + dataRoot);
            if (dataRoot != null) {
                real(dataRoot).ifPresent(roots::add);
            }
        }
        real(runDir).ifPresent(roots::add);
        return new MediaRoots(roots, note);
    }

    /** A line for the report's problems when the roots are a fallback, else null. */
    String note() {
        return note;
    }

    /** The roots, as real paths. */
    List<Path> roots() {
        return roots;
    }

    /**
     * Whether {@code source} may be read: its real path must lie inside a root. A missing file is neither
     * allowed nor refused (both fields null).
     */
    Verdict check(Path source) {
        Path real;
        try {
            real = source.toRealPath();
        } catch (NoSuchFileException e) {
            return new Verdict(null, null);
        } catch (IOException | SecurityException e) {
            return new Verdict(null, "refused " + source + ": cannot resolve it (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new Verdict(null, "refused " + source + ": not a regular file");
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return new Verdict(real, null);
            }
        }
        return new Verdict(null, "refused " + source + (real.equals(source.toAbsolutePath().normalize()) ? ""
                : " (resolves to " + real + ")") + ": outside the run's dataset directories and run directory;"
                + " not copied");
    }

    private static java.util.Optional<Path> real(Path p) {
        try {
            return java.util.Optional.of(p.toRealPath());
        } catch (IOException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
