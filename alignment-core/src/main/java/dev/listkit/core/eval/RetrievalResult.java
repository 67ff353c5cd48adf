package dev.listkit.core.eval;

/**
 * Retrieval in both directions.
 *
 * @param items number of items
 * @param texts number of texts (captions)
 * @param itemToText item query, text results: a hit when any of its own captions is in the top K
 * @param textToItem text query, item results: a hit when its own item is in the top K
 */
public record RetrievalResult(int items, int texts, DirectionScores itemToText, DirectionScores textToItem) {
}
