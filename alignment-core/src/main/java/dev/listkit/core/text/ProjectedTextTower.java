package dev.listkit.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * A frozen tower followed by a trainable {@link ProjectionHead}: only the head's parameters get
 * gradients. Does not own the frozen tower (its creator closes it).
 */
public final class ProjectedTextTower implements TextTower {
    private final TextTower frozen;
    private final ProjectionHead head;

    /** {@code head} must be initialised with input width {@code frozen.dim()}. */
    public ProjectedTextTower(TextTower frozen, ProjectionHead head) {
        this.frozen = frozen;
        this.head = head;
    }

    /** The trainable block, for the optimiser. */
    public ProjectionHead head() {
        return head;
    }

    @Override
    public int dim() {
        return head.outputDim();
    }

    @Override
    public NDArray embed(ParameterStore ps, NDManager manager, List<String> texts, boolean training)
            throws TextException {
        NDArray base = frozen.embed(ps, manager, texts, false).stopGradient(); // (B, D_in)
        return head.forward(ps, new NDList(base), training).singletonOrThrow(); // (B, D_out)
    }
}
