package dev.listkit.datasets.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.util.Json;
import dev.listkit.datasets.BadRowException;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.ReaderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COCO captions ({@code captions_<split>.json}: {@code images[]} with {@code id} and {@code file_name},
 * {@code annotations[]} with {@code image_id} and {@code caption}), images in {@code <split>/}. One
 * sample per image, in {@code images[]} order, with its captions in annotation order; id: the file
 * name's stem; metadata: {@code cocoId}. Images without a caption are kept (captionless samples, e.g.
 * for unpaired data). Options: {@code split=} (default {@code val2017}: {@code
 * annotations/captions_val2017.json} and {@code val2017/}), {@code file=} and {@code images=} (paths
 * relative to the root) override either.
 */
public final class CocoCaptionsProvider implements DatasetProvider {
    /** Default split. */
    public static final String DEFAULT_SPLIT = "val2017";

    @Override
    public String id() {
        return "coco-captions";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("vision");
    }

    @Override
    public String description() {
        return "COCO captions JSON: annotations/captions_<split>.json + <split>/ (options: split=val2017, file=, images=)";
    }

    @Override
    public String defaultDirectory() {
        return "coco";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("split", "file", "images"));
        Path dir = DatasetFiles.requireRoot(root);
        String split = opts.get("split", DEFAULT_SPLIT);
        Path json = DatasetFiles.optionFile(id(), dir, opts.get("file", "annotations/captions_" + split + ".json"));
        Path images = DatasetFiles.optionFile(id(), dir, opts.get("images", split));
        if (!Files.isRegularFile(json)) {
            throw new DatasetException(json, "COCO captions file not found");
        }
        JsonNode top;
        try {
            top = Json.MAPPER.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new DatasetException(json, "malformed JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(json, "cannot read: " + e.getMessage(), e);
        }
        if (top == null || !top.isObject() || !top.path("images").isArray() || !top.path("annotations").isArray()) {
            throw new DatasetException(json, "not a COCO captions file: expected an object with 'images' and "
                    + "'annotations' arrays");
        }
        List<String> skipped = new ArrayList<>();
        Map<Long, SampleRef> byCocoId = new LinkedHashMap<>();
        Map<Long, List<String>> captions = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        int missing = 0;
        String firstMissing = null;
        JsonNode imageList = top.get("images");
        for (int i = 0; i < imageList.size(); i++) {
            JsonNode img = imageList.get(i);
            String where = json + ": images[" + i + "]: ";
            if (!img.path("id").isIntegralNumber() || !img.path("file_name").isTextual()) {
                skipped.add(where + "needs an integer 'id' and a string 'file_name'");
                continue;
            }
            long cocoId = img.get("id").asLong();
            String file = img.get("file_name").asText();
            String id = DatasetFiles.stem(Path.of(file).getFileName().toString());
            if (byCocoId.containsKey(cocoId) || !ids.add(id)) {
                skipped.add(where + "duplicate image id " + cocoId + " or file name '" + file + "'");
                continue;
            }
            Path media;
            try {
                media = DatasetFiles.resolveInside(images, file);
            } catch (BadRowException e) {
                skipped.add(where + e.getMessage());
                continue;
            }
            if (!Files.isRegularFile(media)) {
                if (missing++ == 0) {
                    firstMissing = media.toString();
                }
                continue;
            }
            captions.put(cocoId, new ArrayList<>());
            byCocoId.put(cocoId, new SampleRef(id, media, List.of(), Map.of("cocoId", Long.toString(cocoId))));
        }
        if (missing > 0) {
            skipped.add(json + ": " + missing + " images skipped: media file not found (first: " + firstMissing + ")");
        }
        JsonNode annotations = top.get("annotations");
        int orphans = 0;
        for (int i = 0; i < annotations.size(); i++) {
            JsonNode a = annotations.get(i);
            if (!a.path("image_id").isIntegralNumber() || !a.path("caption").isTextual()) {
                skipped.add(json + ": annotations[" + i + "]: needs an integer 'image_id' and a string 'caption'");
                continue;
            }
            List<String> list = captions.get(a.get("image_id").asLong());
            if (list == null) {
                orphans++; // image skipped above or not listed
                continue;
            }
            String caption = a.get("caption").asText().strip();
            if (!caption.isEmpty()) {
                list.add(caption);
            }
        }
        if (orphans > 0) {
            skipped.add(json + ": " + orphans + " annotations name an image that is not listed or was skipped");
        }
        List<SampleRef> samples = new ArrayList<>();
        for (Map.Entry<Long, SampleRef> e : byCocoId.entrySet()) {
            SampleRef r = e.getValue();
            samples.add(new SampleRef(r.id(), r.media(), captions.get(e.getKey()), r.metadata()));
        }
        if (samples.isEmpty()) {
            throw new DatasetException(json, "no usable images: " + skipped);
        }
        return new Dataset(id(), dir, samples, List.of(), skipped);
    }
}
