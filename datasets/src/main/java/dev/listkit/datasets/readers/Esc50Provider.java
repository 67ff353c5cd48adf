package dev.listkit.datasets.readers;

import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.BadRowException;
import dev.listkit.datasets.ClassIndex;
import dev.listkit.datasets.CsvRow;
import dev.listkit.datasets.CsvTable;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.MediaFiles;
import dev.listkit.datasets.ReaderOptions;
import dev.listkit.datasets.SampleCollector;
import dev.listkit.datasets.SkipLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ESC-50 (Piczak, 2015): {@code meta/esc50.csv} with columns
 * {@code filename,fold,target,category,esc10,src_file,take}, clips in {@code audio/}. Samples carry
 * no captions (use the class name in a prompt); metadata: fold, target, category, label (= category),
 * esc10, src_file, take. Class names are the raw categories in target order.
 *
 * <p>Option {@code folds=1,2} keeps only those folds. Rows whose clip is absent (a subset of the
 * dataset) are summarised in one skipped line; a clip re-encoded beside its {@code .wav} name
 * ({@code .flac}, {@code .ogg}, {@code .mp3}) is found under that name.
 */
public final class Esc50Provider implements DatasetProvider {
    /** Columns the metadata file must have. */
    public static final List<String> COLUMNS =
            List.of("filename", "fold", "target", "category", "esc10", "src_file", "take");

    @Override
    public String id() {
        return "esc50";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("audio");
    }

    @Override
    public String description() {
        return "ESC-50 environmental sounds: meta/esc50.csv + audio/ (options: folds=1,2,...)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("folds"));
        FoldFilter filter = new FoldFilter(id(), opts.intSet("folds"));
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = dir.resolve("meta").resolve("esc50.csv");
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, COLUMNS, log);
        ClassIndex classes = new ClassIndex();
        SampleCollector samples = new SampleCollector(log);
        int kept = 0;
        for (CsvRow row : table.rows()) {
            try {
                String file = row.require("filename");
                int fold = row.integer("fold");
                int target = row.integer("target");
                String category = row.require("category");
                classes.add(target, category);
                if (!filter.keeps(fold)) {
                    continue;
                }
                kept++;
                Map<String, String> meta = Map.of("fold", Integer.toString(fold),
                        "target", Integer.toString(target), "category", category, "label", category,
                        "esc10", row.get("esc10"), "src_file", row.get("src_file"), "take", row.get("take"));
                Path clip = DatasetFiles.resolveInside(dir.resolve("audio"), file);
                samples.add(row.line(), new SampleRef(DatasetFiles.stem(file),
                        DatasetFiles.existingVariant(clip, MediaFiles.AUDIO_EXTENSIONS), List.of(), meta));
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            }
        }
        filter.checkSelected(kept);
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(csv, "no usable rows: " + log.lines());
        }
        List<String> skipped = new ArrayList<>(filter.absentFolds(csv));
        skipped.addAll(log.lines());
        return new Dataset(id(), dir, found, classes.names(csv), skipped);
    }
}
