package dev.listkit.core.eval.compositional;

/**
 * One benchmark pair: an item's caption and a negative made from it; a model passes when it scores the
 * positive above the negative for that item. One line of the benchmark's JSONL file.
 *
 * @param item     the item's id
 * @param positive one of the item's reference captions
 * @param negative the caption edited so that it no longer describes the item
 * @param kind     the {@link NegativeKind#id} of the edit
 * @param change   what changed, e.g. {@code dog → wolf}
 */
public record HardNegative(String item, String positive, String negative, String kind, String change) {
}
