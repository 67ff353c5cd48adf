package dev.listkit.datasets.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.util.Json;
import dev.listkit.datasets.BadRowException;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.ReaderOptions;
import dev.listkit.datasets.SampleCollector;
import dev.listkit.datasets.SkipLog;
import dev.listkit.datasets.Utf8Lines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSONL manifest of {@link ManifestEntry} lines, for paired sets and unpaired pools alike. Option
 * {@code file=} names the manifest relative to the root (default {@code manifest.jsonl}).
 *
 * <p>Malformed lines (not UTF-8, bad JSON, unknown keys, missing id or media, duplicate ids) are recorded as
 * "file:line: reason" in {@code skipped} and the load goes on; missing media files are summarised in
 * one line. A media path that escapes the root is an error, not a skip: the manifest is not trusted.
 * A manifest with no usable line is an error.
 */
public final class JsonlProvider implements DatasetProvider {
    /** Default manifest file name. */
    public static final String DEFAULT_FILE = "manifest.jsonl";

    @Override
    public String id() {
        return "jsonl";
    }

    @Override
    public String description() {
        return "JSONL manifest {id, media, captions|caption, metadata} relative to the root (options: file=)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("file"));
        Path dir = DatasetFiles.requireRoot(root);
        String name = opts.get("file", DEFAULT_FILE);
        Path manifest = DatasetFiles.optionFile(id(), dir, name);
        if (!Files.isRegularFile(manifest)) {
            throw new DatasetException(manifest, "manifest not found");
        }
        MediaPaths paths;
        try {
            paths = new MediaPaths(dir);
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot resolve dataset root: " + e.getMessage(), e);
        }
        SkipLog log = new SkipLog(manifest);
        SampleCollector samples = new SampleCollector(log);
        try (Utf8Lines lines = Utf8Lines.open(manifest)) {
            for (Utf8Lines.Line line = lines.next(); line != null; line = lines.next()) {
                int lineNo = line.number();
                if (line.error() == null && line.text().isBlank()) {
                    continue;
                }
                try {
                    if (line.error() != null) {
                        throw new BadRowException(line.error());
                    }
                    ManifestEntry entry = parse(line.text());
                    String[] why = new String[1];
                    Optional<Path> media = paths.resolve(entry.media(), why);
                    if (media.isEmpty()) {
                        throw new DatasetException(manifest, "line " + lineNo + ": media '" + entry.media()
                                + "': " + why[0]);
                    }
                    samples.add(lineNo, new SampleRef(entry.id(), media.get(), captions(entry),
                            entry.metadata() == null ? Map.of() : entry.metadata()));
                } catch (BadRowException e) {
                    log.row(lineNo, e.getMessage());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(manifest, "cannot read: " + e.getMessage(), e);
        }
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(manifest, "no usable line: " + log.lines());
        }
        return new Dataset(id(), dir, found, List.of(), log.lines());
    }

    private static ManifestEntry parse(String line) throws BadRowException {
        ManifestEntry entry;
        try {
            JsonNode node = Json.parse(line);
            if (!node.isObject()) {
                throw new BadRowException("not a JSON object");
            }
            entry = Json.bind(node, ManifestEntry.class, "manifest entry");
        } catch (ConfigException e) {
            throw new BadRowException(e.getMessage().lines().findFirst().orElse("invalid entry"));
        }
        if (entry.id() == null || entry.id().isBlank()) {
            throw new BadRowException("missing id");
        }
        if (entry.media() == null || entry.media().isBlank()) {
            throw new BadRowException("missing media");
        }
        if (entry.caption() != null && entry.captions() != null) {
            throw new BadRowException("give either caption or captions, not both");
        }
        if (entry.metadata() != null && entry.metadata().containsValue(null)) {
            throw new BadRowException("null metadata value");
        }
        return entry;
    }

    private static List<String> captions(ManifestEntry entry) throws BadRowException {
        List<String> list = entry.caption() != null ? List.of(entry.caption())
                : entry.captions() == null ? List.of() : entry.captions();
        for (String c : list) {
            if (c == null || c.isBlank()) {
                throw new BadRowException("empty caption");
            }
        }
        return list;
    }
}
