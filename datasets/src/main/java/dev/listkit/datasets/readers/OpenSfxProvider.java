package dev.listkit.datasets.readers;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenTTD OpenSFX game sounds: {@code labels.csv} with columns {@code file,caption,credit}, clips in
 * {@code audio/}. The caption is the short human label ("Ship horn"); metadata: credit. No options.
 */
public final class OpenSfxProvider implements DatasetProvider {
    /** Columns the label file must have. */
    public static final List<String> COLUMNS = List.of("file", "caption");

    @Override
    public String id() {
        return "opensfx";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("audio");
    }

    @Override
    public String description() {
        return "OpenTTD OpenSFX sound effects with short captions: labels.csv + audio/";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions.check(id(), options, Set.of());
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = dir.resolve("labels.csv");
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, COLUMNS, log);
        SampleCollector samples = new SampleCollector(log);
        for (CsvRow row : table.rows()) {
            try {
                String file = row.require("file");
                Map<String, String> meta = new HashMap<>();
                if (!row.get("credit").isEmpty()) {
                    meta.put("credit", row.get("credit"));
                }
                samples.add(row.line(), new SampleRef(DatasetFiles.stem(file),
                        DatasetFiles.resolveInside(dir.resolve("audio"), file),
                        List.of(row.require("caption")), meta));
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            }
        }
        return new Dataset(id(), dir, samples.samples(), List.of(), log.lines());
    }
}
