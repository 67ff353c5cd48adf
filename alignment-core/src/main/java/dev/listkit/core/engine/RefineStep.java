package dev.listkit.core.engine;

/**
 * What one refiner did to one sample's caption.
 *
 * @param refiner  refiner id
 * @param before   caption before the step
 * @param after    caption after the step (equal to {@code before} when nothing changed or on fallback)
 * @param note     short human-readable detail (kept concepts, synonyms used, cache hit, error)
 * @param fallback true when the refiner failed for this sample and the caption was kept unrefined
 */
public record RefineStep(String refiner, String before, String after, String note, boolean fallback) {
}
