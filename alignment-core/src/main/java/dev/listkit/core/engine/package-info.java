/**
 * The LIST data engine: for one round, caption a pool of unpaired samples with the current model
 * (k candidates each), refine the captions through a chain of {@link dev.listkit.core.engine.Refiner}s,
 * filter them through {@link dev.listkit.core.engine.CaptionFilter}s, and write a round manifest (JSONL)
 * recording every sample's candidates, refiner steps, scores and verdict.
 *
 * <p>Refiners and filters are plugins found with {@link java.util.ServiceLoader} through
 * {@link dev.listkit.core.engine.RefinerProvider} and {@link dev.listkit.core.engine.FilterProvider};
 * recipes name them by id and pass each its JSON configuration.
 */
package dev.listkit.core.engine;
