/**
 * A compositionality benchmark made from held-out captions, after SugarCrepe (Hsieh et al., 2023): for every
 * reference caption, hard negatives that reuse its words but no longer describe the item — an object,
 * attribute or relation replaced, two objects or attributes swapped, an object or attribute added
 * ({@link dev.listkit.core.eval.compositional.HardNegativeGenerator}); and its score, the share of pairs whose
 * positive a model ranks above the negative, per kind, with chance at 50 %
 * ({@link dev.listkit.core.eval.compositional.CompositionalityEvaluator}). Works for any modality whose items
 * have English captions; the words come from WordNet 3.1 ({@code lexicon}).
 */
package dev.listkit.core.eval.compositional;
