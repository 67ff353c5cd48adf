package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The media files under a folder, looked up by file name: for datasets whose metadata names a clip
 * by an id rather than a path (AudioCaps {@code <youtube_id>_<start>.wav}, WavCaps {@code <id>.flac}),
 * one directory scan replaces a file-system probe per candidate name. The scan is confined to the
 * dataset root ({@link MediaFiles#scan}). When a name occurs in several sub-folders the first in path
 * order is used and the clash is noted.
 */
public final class MediaIndex {
    /** Clash lines kept verbatim; beyond this, only a count. */
    static final int MAX_NOTES = 20;

    private final Map<String, Path> byName = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

    private MediaIndex() {
    }

    /** Indexes the files under {@code dir} with these extensions, confined to {@code root}. */
    public static MediaIndex of(Path dir, Path root, Set<String> extensions) throws DatasetException {
        MediaFiles.Listing listing = MediaFiles.scan(dir, root, extensions);
        MediaIndex index = new MediaIndex();
        index.notes.addAll(listing.refused());
        int clashes = 0;
        for (Path file : listing.files()) {
            Path first = index.byName.putIfAbsent(file.getFileName().toString(), file);
            if (first != null && clashes++ < MAX_NOTES) {
                index.notes.add(file + ": same file name as " + first + ", which is used");
            }
        }
        if (clashes > MAX_NOTES) {
            index.notes.add(dir + ": " + (clashes - MAX_NOTES) + " more repeated file names not listed");
        }
        return index;
    }

    /** The first of {@code names} that is a file in the index. */
    public Optional<Path> find(List<String> names) {
        for (String name : names) {
            Path p = byName.get(name);
            if (p != null) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Number of files indexed. */
    public int size() {
        return byName.size();
    }

    /** Links refused and repeated names, one line each, for the dataset's {@code skipped} list. */
    public List<String> notes() {
        return List.copyOf(notes);
    }
}
