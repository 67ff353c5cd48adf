/**
 * Caption filters of the data engine: {@code heuristics} (local: length, repetition, language),
 * {@code dedupe} (global: near-duplicate captions) and {@code balance} (global: MetaCLIP-style cap per
 * concept). Each is created by its {@link dev.listkit.core.engine.FilterProvider} from a strict JSON config.
 */
package dev.listkit.core.engine.filter;
