package dev.listkit.core.features;

import java.util.List;

/**
 * The index of a feature cache directory ({@code index.json}).
 *
 * @param version     format version of the cache
 * @param dataset     dataset id the features were computed for
 * @param modality    modality id
 * @param fingerprint the modality fingerprint (preset and front-end version); a change invalidates all entries
 * @param entries     one entry per successfully computed sample, in dataset order
 * @param failures    samples that could not be computed, with reasons
 */
public record FeatureIndex(int version, String dataset, String modality, String fingerprint,
                           List<Entry> entries, List<Failure> failures) {
    /** Current format version. */
    public static final int VERSION = 1;

    public FeatureIndex {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
    }

    /**
     * One cached sample.
     *
     * @param id                   sample id
     * @param file                 tensor file, relative to the cache directory
     * @param shape                tensor shape
     * @param sourceBytes          size of the media file when computed
     * @param sourceModifiedMillis modification time of the media file when computed
     * @param media                the media file as an absolute, normalised path (null in indexes written
     *                             before it was recorded; filled in when the cache is next built), so that
     *                             a pool manifest naming the file finds its features ({@link MediaFeatureCache})
     */
    public record Entry(String id, String file, long[] shape, long sourceBytes, long sourceModifiedMillis,
                        String media) {
        /** The same entry recording {@code mediaPath}. */
        Entry withMedia(String mediaPath) {
            return mediaPath.equals(media) ? this : new Entry(id, file, shape, sourceBytes, sourceModifiedMillis,
                    mediaPath);
        }
    }

    /**
     * A sample that failed.
     *
     * @param id     sample id
     * @param media  media path
     * @param reason one-line reason
     */
    public record Failure(String id, String media, String reason) {
    }
}
