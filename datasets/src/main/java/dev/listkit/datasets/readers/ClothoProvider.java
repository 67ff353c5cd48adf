package dev.listkit.datasets.readers;

import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.BadRowException;
import dev.listkit.datasets.CsvRow;
import dev.listkit.datasets.CsvTable;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.ReaderOptions;
import dev.listkit.datasets.SampleCollector;
import dev.listkit.datasets.SkipLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Clotho-style audio captioning (Drossos et al., 2020): a caption CSV with {@code file_name} and
 * {@code caption_1 .. caption_N} (N is read from the header), clips in {@code audio/}. Every caption
 * column is kept in column order; empty ones are dropped. Rows whose clip is absent are summarised
 * in one skipped line (the shipped table covers all of Clotho, the audio only a few clips).
 *
 * <p>Option {@code file=} names the CSV relative to the root (default {@code clotho_captions.csv};
 * the official release splits it into {@code clotho_captions_development.csv} etc.).
 */
public final class ClothoProvider implements DatasetProvider {
    /** Default caption table. */
    public static final String DEFAULT_FILE = "clotho_captions.csv";
    private static final Pattern CAPTION_COLUMN = Pattern.compile("caption_\\d+");

    @Override
    public String id() {
        return "clotho";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("audio");
    }

    @Override
    public String defaultDirectory() {
        return "clotho-mini";
    }

    @Override
    public String description() {
        return "Clotho audio captions: clotho_captions.csv (file_name,caption_1..5) + audio/ (options: file=)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("file"));
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = DatasetFiles.optionFile(id(), dir, opts.get("file", DEFAULT_FILE));
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, List.of("file_name", "caption_1"), log);
        List<String> captionColumns = table.header().stream()
                .filter(h -> CAPTION_COLUMN.matcher(h).matches())
                .sorted((a, b) -> Integer.compare(number(a), number(b)))
                .toList();
        SampleCollector samples = new SampleCollector(log);
        for (CsvRow row : table.rows()) {
            try {
                String file = row.require("file_name");
                List<String> captions = new ArrayList<>();
                for (String column : captionColumns) {
                    if (!row.get(column).isEmpty()) {
                        captions.add(row.get(column));
                    }
                }
                if (captions.isEmpty()) {
                    throw new BadRowException("no captions");
                }
                samples.add(row.line(), new SampleRef(DatasetFiles.stem(file),
                        DatasetFiles.resolveInside(dir.resolve("audio"), file), captions,
                        Map.of("file_name", file)));
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            }
        }
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(csv, "no usable rows: " + log.lines());
        }
        return new Dataset(id(), dir, found, List.of(), log.lines());
    }

    private static int number(String column) {
        return Integer.parseInt(column.substring("caption_".length()));
    }
}
