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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tux Paint stamps, a small tri-modal set: {@code stamps.csv} with columns {@code id,category,caption},
 * a sound {@code audio/<id>.wav} and a picture {@code images/<id>.jpg} per stamp.
 *
 * <p>Option {@code modality=audio} (default) offers the sound as the media and puts the picture's
 * absolute path in metadata {@code image}; {@code modality=image} offers the picture and puts the
 * sound in metadata {@code audio}. Metadata also has category.
 */
public final class TuxPaintProvider implements DatasetProvider {
    /** Columns the stamp table must have. */
    public static final List<String> COLUMNS = List.of("id", "category", "caption");
    private static final List<String> AUDIO_EXT = List.of(".wav", ".flac", ".ogg");
    private static final List<String> IMAGE_EXT = List.of(".jpg", ".jpeg", ".png");

    @Override
    public String id() {
        return "tuxpaint";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("audio");
    }

    @Override
    public String defaultDirectory() {
        return "tuxpaint-stamps";
    }

    @Override
    public String description() {
        return "Tux Paint stamps (sound, picture, caption): stamps.csv + audio/ + images/ (options: modality=audio|image)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("modality"));
        boolean image = opts.choice("modality", "audio", Set.of("audio", "image")).equals("image");
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = dir.resolve("stamps.csv");
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, COLUMNS, log);
        SampleCollector samples = new SampleCollector(log);
        for (CsvRow row : table.rows()) {
            try {
                String stamp = row.require("id");
                Path audio = find(dir.resolve("audio"), stamp, AUDIO_EXT);
                Path picture = find(dir.resolve("images"), stamp, IMAGE_EXT);
                Map<String, String> meta = new HashMap<>();
                meta.put("category", row.get("category"));
                Path other = image ? audio : picture;
                if (Files.isRegularFile(other)) {
                    meta.put(image ? "audio" : "image", other.toString());
                }
                samples.add(row.line(), new SampleRef(stamp, image ? picture : audio,
                        List.of(row.require("caption")), meta));
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            }
        }
        return new Dataset(id(), dir, samples.samples(), List.of(), log.lines());
    }

    /** The first existing {@code dir/stem.ext}, or the first candidate when none exists. */
    private static Path find(Path dir, String stem, List<String> extensions) throws BadRowException {
        for (String ext : extensions) {
            Path p = DatasetFiles.resolveInside(dir, stem + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return DatasetFiles.resolveInside(dir, stem + extensions.get(0));
    }
}
