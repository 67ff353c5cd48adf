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
 * UrbanSound8K (Salamon et al., 2014): {@code metadata/UrbanSound8K.csv} with columns
 * {@code slice_file_name,fsID,fold,classID,class}, clips in {@code audio/fold<k>/}. Metadata: fold,
 * classID, class, label (= class), fsID. Class names in classID order. Option {@code folds=1,2}.
 *
 * <p>A clip named {@code x.wav} in the metadata is also found as {@code x.flac}, {@code x.ogg} or
 * {@code x.mp3} (a re-encoded copy; the shared {@code urbansound8k-opus} names its {@code .ogg} files in
 * the CSV itself). Rows whose clip is absent are summarised in one skipped line, and requested folds
 * the metadata lacks (a copy without fold 10) are noted there too; only a load that finds no clip fails.
 */
public final class UrbanSound8kProvider implements DatasetProvider {
    /** Columns the metadata file must have. */
    public static final List<String> COLUMNS = List.of("slice_file_name", "fsID", "fold", "classID", "class");

    @Override
    public String id() {
        return "urbansound8k";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("audio");
    }

    @Override
    public String description() {
        return "UrbanSound8K urban sounds: metadata/UrbanSound8K.csv + audio/fold<k>/ (options: folds=1,2,...)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("folds"));
        FoldFilter filter = new FoldFilter(id(), opts.intSet("folds"));
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = dir.resolve("metadata").resolve("UrbanSound8K.csv");
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, COLUMNS, log);
        ClassIndex classes = new ClassIndex();
        SampleCollector samples = new SampleCollector(log);
        int kept = 0;
        for (CsvRow row : table.rows()) {
            try {
                String file = row.require("slice_file_name");
                int fold = row.integer("fold");
                int classId = row.integer("classID");
                String label = row.require("class");
                classes.add(classId, label);
                if (!filter.keeps(fold)) {
                    continue;
                }
                kept++;
                Map<String, String> meta = Map.of("fold", Integer.toString(fold),
                        "classID", Integer.toString(classId), "class", label, "label", label,
                        "fsID", row.get("fsID"));
                Path clip = DatasetFiles.resolveInside(dir.resolve("audio").resolve("fold" + fold), file);
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
