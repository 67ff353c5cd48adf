package dev.listkit.datasets.readers;

import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.BadRowException;
import dev.listkit.datasets.CsvRow;
import dev.listkit.datasets.CsvTable;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.MediaFiles;
import dev.listkit.datasets.ReaderOptions;
import dev.listkit.datasets.SampleCollector;
import dev.listkit.datasets.SkipLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Any caption table, with the columns named by options, as open_clip's {@code --csv-img-key},
 * {@code --csv-caption-key} and {@code --csv-separator}: {@code mediaKey=} (required) holds the media
 * path relative to the root, {@code captionKey=} (required) the caption, {@code labelKey=} (optional) a
 * class label. Rows with the same media are one sample with several captions in file order (as Flickr8k);
 * the id is the media path relative to the root, '/' separated. Metadata: the other non-empty columns of the sample's first row,
 * plus {@code label} when {@code labelKey} is given; class names are then the sorted distinct labels.
 *
 * <p>Paths may not leave the root (absolute paths, {@code ..}, links out of it): such a row is skipped
 * with its line, like a malformed one; rows whose media is absent are counted in one skipped line.
 * Options: {@code file=} the table relative to the root (default {@code captions.csv}); {@code separator=}
 * one character, or {@code tab} / {@code \t} (default {@code ,}).
 */
public final class CsvProvider implements DatasetProvider {
    /** Default table name. */
    public static final String DEFAULT_FILE = "captions.csv";
    private static final Set<String> OPTIONS = Set.of("file", "mediaKey", "captionKey", "labelKey", "separator");

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String description() {
        return "any caption CSV, columns chosen as open_clip's --csv-*-key (options: mediaKey=, captionKey=, "
                + "labelKey=, separator=, file=captions.csv)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, OPTIONS);
        String mediaKey = required(opts, "mediaKey", "the column with the media path, e.g. mediaKey=filepath");
        String captionKey = required(opts, "captionKey", "the column with the caption, e.g. captionKey=title");
        String labelKey = opts.get("labelKey", "");
        char separator = separator(opts.get("separator", ","));
        Path dir = DatasetFiles.requireRoot(root);
        Path realRoot;
        try {
            realRoot = dir.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot resolve dataset root: " + e.getMessage(), e);
        }
        Path csv = DatasetFiles.optionFile(id(), dir, opts.get("file", DEFAULT_FILE));
        List<String> columns = new ArrayList<>(List.of(mediaKey, captionKey));
        if (!labelKey.isEmpty()) {
            columns.add(labelKey);
        }
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, columns, log, separator);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (CsvRow row : table.rows()) {
            try {
                String media = row.require(mediaKey);
                String caption = row.require(captionKey);
                String label = labelKey.isEmpty() ? "" : row.require(labelKey);
                Path file = DatasetFiles.resolveInside(dir, media);
                String key = MediaFiles.relative(dir, file);   // "./a.wav" and "a.wav" are one sample
                Group g = groups.get(key);
                if (g == null) {
                    if (Files.exists(file) && !file.toRealPath().startsWith(realRoot)) {
                        throw new BadRowException("media path '" + media + "' leads (through a link) outside "
                                + realRoot);
                    }
                    g = new Group(row.line(), file, label, metadata(row, mediaKey, captionKey, labelKey));
                    groups.put(key, g);
                } else if (!g.label.equals(label)) {
                    throw new BadRowException(labelKey + " is '" + label + "' here but '" + g.label
                            + "' on line " + g.line + " for the same media");
                }
                g.captions.add(caption);
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            } catch (IOException e) {
                log.row(row.line(), "cannot resolve media path: " + e.getMessage());
            }
        }
        SampleCollector samples = new SampleCollector(log);
        Set<String> labels = new TreeSet<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            if (samples.add(g.line, new SampleRef(e.getKey(), g.file, g.captions, g.metadata)) && !g.label.isEmpty()) {
                labels.add(g.label);
            }
        }
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(csv, "no usable rows: " + log.lines());
        }
        return new Dataset(id(), dir, found, List.copyOf(labels), log.lines());
    }

    private String required(ReaderOptions opts, String key, String what) throws ConfigException {
        String v = opts.get(key, "");
        if (v.isEmpty()) {
            throw new ConfigException(id() + ": option " + key + "= is required: " + what);
        }
        return v;
    }

    private char separator(String v) throws ConfigException {
        if (v.equals("tab") || v.equals("\\t") || v.equals("\t")) {
            return '\t';
        }
        if (v.length() != 1 || v.equals("\"") || v.equals("\n") || v.equals("\r")) {
            throw new ConfigException(id() + ": option separator=" + v
                    + " must be one character other than a quote or line break, or 'tab'");
        }
        return v.charAt(0);
    }

    private static Map<String, String> metadata(CsvRow row, String mediaKey, String captionKey, String labelKey) {
        Map<String, String> meta = new HashMap<>();
        row.values().forEach((k, v) -> {
            if (!v.isEmpty() && !k.equals(mediaKey) && !k.equals(captionKey) && !k.equals(labelKey)) {
                meta.put(k, v);
            }
        });
        if (!labelKey.isEmpty()) {
            meta.put("label", row.get(labelKey));
        }
        return meta;
    }

    /** The rows of one media file. */
    private static final class Group {
        final int line;
        final Path file;
        final String label;
        final Map<String, String> metadata;
        final List<String> captions = new ArrayList<>();

        Group(int line, Path file, String label, Map<String, String> metadata) {
            this.line = line;
            this.file = file;
            this.label = label;
            this.metadata = metadata;
        }
    }
}
