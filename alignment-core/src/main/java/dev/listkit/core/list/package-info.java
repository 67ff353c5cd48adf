/**
 * Layer 8: the training applications on top of the library: a paired training run
 * ({@link dev.listkit.core.list.PairedTrainingJob}) and the LIST self-training loop
 * ({@link dev.listkit.core.list.SelfTrainingJob}: arms, seeds, rounds, the data engine, evaluation, results).
 * Only {@code report} sits above it.
 */
package dev.listkit.core.list;
