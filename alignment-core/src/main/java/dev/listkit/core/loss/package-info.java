/**
 * Training objectives on plain embeddings and logits: symmetric InfoNCE ({@link dev.listkit.core.loss.ClipLoss}),
 * the pairwise sigmoid loss ({@link dev.listkit.core.loss.SigLipLoss}), masked captioning cross-entropy
 * ({@link dev.listkit.core.loss.CaptionLoss}) and their CoCa combination ({@link dev.listkit.core.loss.CocaLoss}).
 *
 * <p>Every loss takes two embedding batches {@code (a, b)} and never names a modality. Learnable
 * scalars (logit scale, bias) are owned by the caller's model and passed in, so that the same
 * parameter arrays receive gradients and are saved with the model. All returned arrays are attached to
 * the manager of the first input; the caller's manager scope closes them.
 */
package dev.listkit.core.loss;
