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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flickr8k image captions (Hodosh et al., 2013): {@code captions.txt}, an {@code image,caption} CSV with
 * quoted fields and several rows per image, images in {@code images/}. The captions of one image are
 * grouped into one sample, in file order; samples are in order of first appearance. Option
 * {@code file=} names the caption file relative to the root.
 */
public final class Flickr8kProvider implements DatasetProvider {
    /** Default caption file. */
    public static final String DEFAULT_FILE = "captions.txt";

    @Override
    public String id() {
        return "flickr8k";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("vision");
    }

    @Override
    public String description() {
        return "Flickr8k image captions: captions.txt (image,caption CSV) + images/ (options: file=)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("file"));
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = DatasetFiles.optionFile(id(), dir, opts.get("file", DEFAULT_FILE));
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, List.of("image", "caption"), log);
        Map<String, List<String>> captions = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (CsvRow row : table.rows()) {
            try {
                String image = row.require("image");
                String caption = row.require("caption");
                captions.computeIfAbsent(image, k -> new ArrayList<>()).add(caption);
                firstLine.putIfAbsent(image, row.line());
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            }
        }
        SampleCollector samples = new SampleCollector(log);
        for (Map.Entry<String, List<String>> e : captions.entrySet()) {
            int line = firstLine.get(e.getKey());
            try {
                samples.add(line, new SampleRef(DatasetFiles.stem(e.getKey()),
                        DatasetFiles.resolveInside(dir.resolve("images"), e.getKey()), e.getValue(), Map.of()));
            } catch (BadRowException ex) {
                log.row(line, ex.getMessage());
            }
        }
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(csv, "no usable rows: " + log.lines());
        }
        return new Dataset(id(), dir, found, List.of(), log.lines());
    }
}
