package dev.listkit.datasets.readers;

import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.MediaFiles;
import dev.listkit.datasets.ReaderOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plain folder of media files, e.g. an unpaired pool: every matching file under the root
 * (recursively, hidden files skipped, sorted by relative path) becomes a caption-less sample whose id
 * is its relative path. A file in a sub-folder gets metadata {@code label} = that folder's path
 * relative to the root (e.g. {@code dog} or {@code animals/dog}); class names are the sorted distinct
 * labels. Option {@code ext=wav,flac} picks the extensions (default: every extension an installed modality decodes).
 *
 * <p>The reader stays inside its root like {@code jsonl}: links to directories are not followed, and a
 * link to a file outside the root is refused and listed in {@code skipped}.
 */
public final class FolderProvider implements DatasetProvider {
    @Override
    public String id() {
        return "folder";
    }

    @Override
    public String description() {
        return "plain media folder, caption-less, label = sub-folder (options: ext=wav,flac)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("ext"));
        Set<String> ext = new HashSet<>();
        for (String e : opts.list("ext")) {
            ext.add(e.replaceFirst("^\\.", "").toLowerCase(Locale.ROOT));
        }
        Path dir = DatasetFiles.requireRoot(root);
        if (ext.isEmpty()) {
            ext.addAll(MediaFiles.modalityExtensions(dir));
        }
        List<SampleRef> samples = new ArrayList<>();
        Set<String> labels = new TreeSet<>();
        MediaFiles.Listing listing = MediaFiles.scan(dir, dir, ext);
        for (Path file : listing.files()) {
            String rel = MediaFiles.relative(dir, file);
            int slash = rel.lastIndexOf('/');
            Map<String, String> meta = Map.of();
            if (slash > 0) {
                String label = rel.substring(0, slash);
                labels.add(label);
                meta = Map.of("label", label);
            }
            samples.add(new SampleRef(rel, file, List.of(), meta));
        }
        if (samples.isEmpty()) {
            throw new DatasetException(dir, "no media files with extensions " + new TreeSet<>(ext)
                    + (listing.refused().isEmpty() ? "" : "; refused: " + listing.refused()));
        }
        return new Dataset(id(), dir, samples, List.copyOf(labels), listing.refused());
    }
}
