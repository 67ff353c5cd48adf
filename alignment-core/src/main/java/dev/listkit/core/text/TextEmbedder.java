package dev.listkit.core.text;

import dev.listkit.core.ListkitException;
import java.util.List;

/**
 * Embeds texts into the shared space; evaluation code calls it with prompt lists.
 *
 * <pre>{@code
 * TextEmbedder embedder = texts -> textTower.embed(texts); // (N, D) rows in input order
 * }</pre>
 */
@FunctionalInterface
public interface TextEmbedder {
    /**
     * @param texts N texts
     * @return (N, D) embeddings, row i for text i; need not be normalised
     */
    float[][] embed(List<String> texts) throws ListkitException;
}
