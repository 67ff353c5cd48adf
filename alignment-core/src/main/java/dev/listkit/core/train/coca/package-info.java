/**
 * The CoCa objective as training steps: {@link dev.listkit.core.train.coca.CocaStepFunction} (contrastive +
 * captioning over in-memory samples), {@link dev.listkit.core.train.coca.AlternatingStepFunction} (paired and
 * synthetic batches by turns) and the contrastive-loss choice.
 */
package dev.listkit.core.train.coca;
