package dev.listkit.core.train.coca;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.listkit.core.loss.ClipLoss;
import dev.listkit.core.loss.SigLipLoss;
import dev.listkit.core.model.CocaModel;

/** The contrastive half of the CoCa objective, chosen by the recipe's {@code loss.contrastive}. */
@FunctionalInterface
public interface ContrastiveLoss {
    /** Loss () of embeddings a (B, E) and b (B, E), with the model's learnable scale (and bias). */
    NDArray compute(CocaModel model, ParameterStore ps, NDArray a, NDArray b);

    /** CLIP's symmetric InfoNCE, scale clamped at 100. */
    static ContrastiveLoss infoNce() {
        ClipLoss clip = ClipLoss.defaults();
        return (model, ps, a, b) -> clip.compute(a, b, model.logitScale(ps, a, true));
    }

    /** SigLIP's pairwise sigmoid loss with a learnable bias. */
    static ContrastiveLoss sigLip() {
        SigLipLoss sig = new SigLipLoss();
        return (model, ps, a, b) -> sig.compute(a, b, model.logitScale(ps, a, true), model.logitBias(ps, a, true));
    }
}
