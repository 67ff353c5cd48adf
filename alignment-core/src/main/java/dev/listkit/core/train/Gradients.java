package dev.listkit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/** Gradient bookkeeping on parameter arrays: global-norm clipping and zeroing. */
final class Gradients {
    private Gradients() {
    }

    /**
     * Global L2 norm of {@code grads} (one host sync), then, when it exceeds {@code maxNorm > 0},
     * scales every gradient in place by {@code maxNorm / (norm + 1e-6)} as {@code clip_grad_norm_} does.
     *
     * @return the norm before clipping
     */
    static double clipGlobalNorm(List<NDArray> grads, double maxNorm) {
        if (grads.isEmpty()) {
            return 0;
        }
        double norm;
        NoGrad noGrad = new NoGrad();
        try {
            NDArray total = null;
            for (NDArray g : grads) {
                NDArray sq = g.square().sum(); // () scalar
                if (total == null) {
                    total = sq;
                } else {
                    total.addi(sq);
                    sq.close();
                }
            }
            norm = Math.sqrt(total.getFloat());
            total.close();
            if (maxNorm > 0 && norm > maxNorm) {
                double scale = maxNorm / (norm + 1e-6);
                for (NDArray g : grads) {
                    g.muli(scale);
                }
            }
        } finally {
            noGrad.close();
        }
        return norm;
    }

    /** Zeroes the gradient buffer of {@code weight} in place (PyTorch {@code grad.zero_()}). */
    static void zero(NDArray weight) {
        JniUtils.zeroGrad((PtNDArray) weight);
    }
}
