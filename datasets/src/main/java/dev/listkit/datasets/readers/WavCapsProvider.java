package dev.listkit.datasets.readers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.util.Json;
import dev.listkit.datasets.BadRowException;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.MediaFiles;
import dev.listkit.datasets.MediaIndex;
import dev.listkit.datasets.ReaderOptions;
import dev.listkit.datasets.SampleCollector;
import dev.listkit.datasets.SkipLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * WavCaps (Mei et al., 2023): a JSON file {@code {"data": [{"id", "caption", "audio" | "wav_path",
 * "duration", ...}, ...]}} (a bare array of entries is accepted too) and the clips under the root. The
 * entries are streamed, so the 100 MB FreeSound file is not held as one tree.
 *
 * <p>Media: {@code audio} (or {@code wav_path}) is a path relative to the clip folder; an absolute one is
 * taken only when it lies inside the root. Nothing outside the root is ever read: a path that leaves it,
 * or a link out of it, is refused. When the path is absent, is the release's placeholder {@code "wav_path"},
 * or names no file here, the clip is found by its id as a file name anywhere under the clip folder
 * ({@code <id>}, {@code <id>.<ext>} or {@code <id without extension>.<ext>}, {@code .flac} and
 * {@code .wav} first), which is how the released archives are laid out.
 *
 * <p>One sample per entry; a {@code caption} array gives several captions. Metadata: duration, and
 * description, tags (comma-separated), title when the entry has them (noisy alt-text for the data
 * engine). Malformed entries are skipped as {@code file:line: data[i]: reason}; clips not present are
 * counted in one skipped line. Options: {@code file=} the JSON relative to the root (required, e.g.
 * {@code json_files/FreeSound/fsd_final.json}); {@code audio=} the clip folder (default: the root).
 */
public final class WavCapsProvider implements DatasetProvider {
    /** The placeholder the WavCaps release puts in {@code "audio"}. */
    static final String PLACEHOLDER = "wav_path";
    private static final List<String> LOOKUP_EXT = List.of("flac", "wav", "ogg", "mp3");
    private static final List<String> TEXT_KEYS = List.of("description", "title");
    /** Reads one entry of the array at a time (more values follow it, so trailing tokens are fine). */
    private static final ObjectReader ENTRY = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public String id() {
        return "wavcaps";
    }

    @Override
    public Optional<String> defaultModality() {
        return Optional.of("audio");
    }

    @Override
    public String description() {
        return "WavCaps JSON {data:[{id,caption,audio|wav_path,duration}]} + clips under the root (options: file=, audio=)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("file", "audio"));
        Path dir = DatasetFiles.requireRoot(root);
        String name = opts.get("file", "");
        if (name.isEmpty()) {
            throw new ConfigException(id() + ": option file= is required: the WavCaps JSON relative to " + dir
                    + ", e.g. file=json_files/FreeSound/fsd_final.json");
        }
        Path json = DatasetFiles.optionFile(id(), dir, name);
        Path audio = DatasetFiles.optionFile(id(), dir, opts.get("audio", "."));
        if (!Files.isRegularFile(json)) {
            throw new DatasetException(json, "WavCaps JSON not found");
        }
        if (!Files.isDirectory(audio)) {
            throw new DatasetException(audio, "clip folder not found (option audio=)");
        }
        Path realRoot;
        try {
            realRoot = dir.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot resolve dataset root: " + e.getMessage(), e);
        }
        MediaIndex index = MediaIndex.of(audio, dir, Set.copyOf(MediaFiles.AUDIO_EXTENSIONS));
        Clips clips = new Clips(dir, realRoot, audio, index);
        SkipLog log = new SkipLog(json);
        SampleCollector samples = new SampleCollector(log);
        try (JsonParser parser = Json.MAPPER.createParser(json.toFile())) {
            toEntries(parser, json);
            int i = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), i++) {
                if (t == null) {
                    throw new DatasetException(json, "ends inside the data array");
                }
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode entry = ENTRY.readTree(parser);
                try {
                    if (entry == null || !entry.isObject()) {
                        throw new BadRowException("not a JSON object");
                    }
                    String id = text(entry, "id", true);
                    List<String> captions = captions(entry);
                    Path media = clips.find(entry, id);
                    if (media == null) {
                        log.missingMedia(line, audio.resolve(id));
                        continue;
                    }
                    samples.add(line, new SampleRef(id, media, captions, metadata(entry)));
                } catch (BadRowException e) {
                    log.row(line, "data[" + i + "]: " + e.getMessage());
                }
            }
        } catch (JsonProcessingException e) {
            throw new DatasetException(json, "invalid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(json, "cannot read: " + e.getMessage(), e);
        }
        List<SampleRef> found = samples.samples();
        if (found.isEmpty()) {
            throw new DatasetException(json, "no usable entry (" + index.size() + " audio files under " + audio
                    + "): " + log.lines());
        }
        List<String> skipped = new ArrayList<>(log.lines());
        skipped.addAll(index.notes());
        return new Dataset(id(), dir, found, List.of(), skipped);
    }

    /** Moves the parser to the start of the entry array: top-level {@code data}, or a top-level array. */
    private static void toEntries(JsonParser parser, Path json) throws IOException, DatasetException {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            return;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new DatasetException(json, "expected a JSON object with a \"data\" array");
        }
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("data")) {
                if (value != JsonToken.START_ARRAY) {
                    throw new DatasetException(json, "\"data\" is not an array");
                }
                return;
            }
            parser.skipChildren();   // e.g. num_captions_per_audio
        }
        throw new DatasetException(json, "no \"data\" array at the top level");
    }

    /** Where clips are looked for: the root (as given and real), the clip folder and its index. */
    private record Clips(Path root, Path realRoot, Path audio, MediaIndex index) {
        /** The clip of an entry, or null when it is not here; a path that leaves the root is a bad entry. */
        Path find(JsonNode entry, String id) throws BadRowException {
            String given = text(entry, "audio", false);
            if (given == null) {
                given = text(entry, PLACEHOLDER, false);
            }
            String outside = null;
            if (given != null && !given.equals(PLACEHOLDER)) {
                Path p = audio.resolve(given).normalize();   // an absolute path replaces the folder
                if (!p.startsWith(root) && !p.startsWith(realRoot)) {
                    outside = given;
                } else if (Files.isRegularFile(p)) {
                    try {
                        if (p.toRealPath().startsWith(realRoot)) {
                            return p;
                        }
                    } catch (IOException e) {
                        throw new BadRowException("cannot resolve media path '" + given + "': " + e.getMessage());
                    }
                    outside = given;
                }
            }
            List<String> names = new ArrayList<>();
            names.add(id);
            String stem = DatasetFiles.stem(id);
            for (String ext : LOOKUP_EXT) {
                names.add(id + "." + ext);
                names.add(stem + "." + ext);
            }
            Optional<Path> byId = index.find(names);
            if (byId.isPresent()) {
                return byId.get();
            }
            if (outside != null) {
                throw new BadRowException("media path '" + outside + "' leads outside the dataset root " + realRoot
                        + " (not read), and no file for id '" + id + "' is under " + audio);
            }
            return null;
        }
    }

    private static List<String> captions(JsonNode entry) throws BadRowException {
        JsonNode c = entry.get("caption");
        List<String> out = new ArrayList<>();
        if (c != null && c.isArray()) {
            for (JsonNode one : c) {
                if (!one.isTextual() || one.asText().isBlank()) {
                    throw new BadRowException("caption array holds an empty or non-text item");
                }
                out.add(one.asText().strip());
            }
        } else {
            out.add(text(entry, "caption", true));
        }
        if (out.isEmpty()) {
            throw new BadRowException("empty caption array");
        }
        return out;
    }

    private static Map<String, String> metadata(JsonNode entry) {
        Map<String, String> meta = new HashMap<>();
        JsonNode duration = entry.get("duration");
        if (duration != null && duration.isNumber()) {
            meta.put("duration", duration.asText());
        }
        for (String key : TEXT_KEYS) {
            JsonNode v = entry.get(key);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                meta.put(key, v.asText().strip());
            }
        }
        JsonNode tags = entry.get("tags");
        if (tags != null && tags.isArray() && !tags.isEmpty()) {
            List<String> list = new ArrayList<>();
            tags.forEach(t -> list.add(t.asText()));
            meta.put("tags", String.join(",", list));
        }
        return meta;
    }

    /** A string (or number, for ids) field; null when absent and not required. */
    private static String text(JsonNode entry, String key, boolean required) throws BadRowException {
        JsonNode v = entry.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRowException("missing " + key);
            }
            return null;
        }
        if (!v.isTextual() && !(v.isIntegralNumber() && key.equals("id"))) {
            throw new BadRowException(key + " is not a string");
        }
        String s = v.asText().strip();
        if (s.isEmpty() && required) {
            throw new BadRowException("empty " + key);
        }
        return s.isEmpty() ? null : s;
    }
}
