package dev.listkit.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sample of a dataset: a reference to a media file plus its text and metadata. Decoding belongs
 * to the modality, so a dataset reader only produces these.
 *
 * @param id       stable id, unique within its dataset (used for splits, caches and manifests)
 * @param media    absolute path of the media file
 * @param captions zero or more captions (empty for an unpaired sample)
 * @param metadata free-form metadata: labels, folds, tags, titles (noisy alt-text for the data engine)
 */
public record SampleRef(String id, Path media, List<String> captions, Map<String, String> metadata) {
    public SampleRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(media, "media");
        captions = List.copyOf(captions);
        metadata = Map.copyOf(metadata);
    }

    /** True if this sample has at least one caption. */
    public boolean isPaired() {
        return !captions.isEmpty();
    }

    /** The same sample with its captions removed (an unpaired sample). */
    public SampleRef withoutCaptions() {
        return new SampleRef(id, media, List.of(), metadata);
    }

    /** The same sample with other captions. */
    public SampleRef withCaptions(List<String> newCaptions) {
        return new SampleRef(id, media, newCaptions, metadata);
    }
}
