package dev.listkit.core.inference;

import java.util.List;

/**
 * What the data engine needs of a batch of samples, from one forward of the modality encoder: their
 * joint-space embeddings and their captions.
 *
 * @param embeddings L2-normalised embeddings, in input order: (N, E)
 * @param captions   per input, its captions (one for greedy and beam, k for nucleus)
 */
public record EmbeddedCaptions(float[][] embeddings, List<List<String>> captions) {
    public EmbeddedCaptions {
        if (embeddings.length != captions.size()) {
            throw new IllegalArgumentException(embeddings.length + " embeddings for " + captions.size() + " inputs");
        }
        captions = List.copyOf(captions);
    }
}
