/**
 * The one word-level view of English captions that the evaluators and the data engine share: a tokenizer
 * with character offsets and the stop-word list ({@link dev.listkit.core.lexicon.CaptionWords}), Princeton
 * WordNet 3.1 through extJWNL ({@link dev.listkit.core.lexicon.WordNet}) and regular inflection
 * ({@link dev.listkit.core.lexicon.Inflection}). It sits low (beside {@code text}) so that {@code eval} (the
 * compositionality benchmark) and {@code engine} (refiners, filters) can both use it.
 */
package dev.listkit.core.lexicon;
