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
import dev.listkit.datasets.MediaFiles;
import dev.listkit.datasets.MediaIndex;
import dev.listkit.datasets.ReaderOptions;
import dev.listkit.datasets.SampleCollector;
import dev.listkit.datasets.SkipLog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AudioCaps (Kim et al., 2019): a caption CSV with columns {@code audiocap_id,youtube_id,start_time,caption}
 * (the official {@code train.csv}, {@code val.csv}, {@code test.csv}) and the clips, which every user
 * downloads from YouTube, in a folder. A clip is found by file name anywhere under that folder as
 * {@code <youtube_id>_<start>}, {@code <youtube_id>}, {@code Y<youtube_id>} or {@code Y<youtube_id>_<start>}
 * with an audio extension ({@code .wav} first), where {@code <start>} is {@code start_time} as written
 * or as a whole number ({@code 30.0} also finds {@code _30}).
 *
 * <p>The rows of one clip ({@code youtube_id}, {@code start_time}) are grouped into one sample with
 * several captions in file order, as Clotho and Flickr8k are; id {@code <youtube_id>_<start>}; metadata:
 * youtube_id, start_time, audiocap_ids (comma-separated). Clips not downloaded (always some: videos
 * disappear) are counted in one skipped line; only a load that finds no clip fails.
 *
 * <p>Options: {@code file=} the CSV relative to the root (default {@code train.csv}); {@code audio=} the
 * clip folder relative to the root (default {@code audio}).
 */
public final class AudioCapsProvider implements DatasetProvider {
    /** Columns the caption CSV must have. */
    public static final List<String> COLUMNS = List.of("audiocap_id", "youtube_id", "start_time", "caption");
    /** Default caption CSV. */
    public static final String DEFAULT_FILE = "train.csv";
    /** Default clip folder. */
    public static final String DEFAULT_AUDIO = "audio";

    @Override
    public String id() {
        return "audiocaps";
    }

    @Override
    public Optional<String> defaultModality() {
        return Optional.of("audio");
    }

    @Override
    public String description() {
        return "AudioCaps captions: train.csv (audiocap_id,youtube_id,start_time,caption) + audio/<youtube_id>_<start>.wav"
                + " (options: file=, audio=)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("file", "audio"));
        Path dir = DatasetFiles.requireRoot(root);
        Path csv = DatasetFiles.optionFile(id(), dir, opts.get("file", DEFAULT_FILE));
        Path audio = DatasetFiles.optionFile(id(), dir, opts.get("audio", DEFAULT_AUDIO));
        if (!Files.isDirectory(audio)) {
            throw new DatasetException(audio, "clip folder not found (option audio=" + opts.get("audio", DEFAULT_AUDIO)
                    + ")");
        }
        SkipLog log = new SkipLog(csv);
        CsvTable table = CsvTable.read(csv, COLUMNS, log);
        Map<String, Clip> clips = new LinkedHashMap<>();
        for (CsvRow row : table.rows()) {
            try {
                String youtubeId = row.require("youtube_id");
                if (youtubeId.contains("/") || youtubeId.contains("\\")) {
                    throw new BadRowException("youtube_id '" + youtubeId + "' contains a path separator");
                }
                String start = startTime(row.require("start_time"));
                String caption = row.require("caption");
                Clip clip = clips.computeIfAbsent(youtubeId + "_" + start,
                        k -> new Clip(row.line(), youtubeId, start, row.get("start_time")));
                clip.captions.add(caption);
                clip.audiocapIds.add(row.get("audiocap_id"));
            } catch (BadRowException e) {
                log.row(row.line(), e.getMessage());
            }
        }
        MediaIndex media = MediaIndex.of(audio, dir, Set.copyOf(MediaFiles.AUDIO_EXTENSIONS));
        SampleCollector samples = new SampleCollector(log);
        for (Map.Entry<String, Clip> e : clips.entrySet()) {
            Clip c = e.getValue();
            Optional<Path> file = media.find(c.candidates());
            if (file.isEmpty()) {
                log.missingMedia(c.line, audio.resolve(e.getKey() + ".wav"));
                continue;
            }
            Map<String, String> meta = Map.of("youtube_id", c.youtubeId, "start_time", c.start,
                    "audiocap_ids", String.join(",", c.audiocapIds));
            samples.add(c.line, new SampleRef(e.getKey(), file.get(), c.captions, meta));
        }
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(csv, "no clip found under " + audio + " (" + media.size()
                    + " audio files there): " + log.lines());
        }
        List<String> skipped = new ArrayList<>(log.lines());
        skipped.addAll(media.notes());
        return new Dataset(id(), dir, found, List.of(), skipped);
    }

    /** {@code start_time} in its shortest form: {@code 30}, {@code 30.0} and {@code 030} all become "30". */
    private static String startTime(String raw) throws BadRowException {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            throw new BadRowException("start_time is not a number: '" + raw + "'");
        }
        if (seconds.signum() < 0) {
            throw new BadRowException("negative start_time " + raw);
        }
        BigDecimal plain = seconds.stripTrailingZeros();
        return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }

    /** The rows of one clip. */
    private static final class Clip {
        final int line;
        final String youtubeId;
        final String start;
        final String rawStart;
        final List<String> captions = new ArrayList<>();
        final List<String> audiocapIds = new ArrayList<>();

        Clip(int line, String youtubeId, String start, String rawStart) {
            this.line = line;
            this.youtubeId = youtubeId;
            this.start = start;
            this.rawStart = rawStart;
        }

        /** File names this clip may have, most specific first. */
        List<String> candidates() {
            Set<String> stems = new LinkedHashSet<>();
            for (String s : List.of(start, rawStart)) {
                stems.add(youtubeId + "_" + s);
            }
            stems.add(youtubeId);
            stems.add("Y" + youtubeId);
            for (String s : List.of(start, rawStart)) {
                stems.add("Y" + youtubeId + "_" + s);
            }
            List<String> names = new ArrayList<>();
            for (String stem : stems) {
                for (String ext : MediaFiles.AUDIO_EXTENSIONS) {
                    names.add(stem + "." + ext);
                }
            }
            return names;
        }
    }
}
