package dev.listkit.core.data;

import java.util.List;

/**
 * One preprocessed training sample held in memory.
 *
 * @param id       sample id, prefixed with its dataset (e.g. {@code opensfx:cow})
 * @param features the modality tensor, e.g. a log-mel (1, M, T)
 * @param captions one or more captions
 */
public record PairedSample(String id, FloatTensor features, List<String> captions) {
    public PairedSample {
        captions = List.copyOf(captions);
        if (captions.isEmpty()) {
            throw new IllegalArgumentException(id + ": a paired sample needs a caption");
        }
    }
}
