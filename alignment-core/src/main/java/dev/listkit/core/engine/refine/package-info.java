/**
 * Caption refiners of the data engine: {@code llm} (rewriting through an OpenAI-compatible chat-completions
 * endpoint, cached and retried) and {@code wordnet} (synonym and hypernym substitution). Each is created by
 * its {@link dev.listkit.core.engine.RefinerProvider} from a strict JSON config.
 */
package dev.listkit.core.engine.refine;
