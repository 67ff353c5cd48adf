package dev.listkit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, exactly as {@code torch.optim.AdamW} (Loshchilov &amp; Hutter):
 * <pre>
 * w *= 1 - lr * wd                      (only for tensors with 2+ dimensions)
 * m  = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * DJL 0.35.1's own {@code AdamW} decays by the bias-corrected rate and adds {@code eps} before bias
 * correction, so it is not the same optimiser; this one updates the moments and weights in place
 * (a handful of native calls per parameter, temporaries closed at once).
 *
 * <p>The moments live in the manager given to the constructor (owned and closed by the caller,
 * normally the {@link Trainer}).
 */
public final class AdamW {
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long updates;

    /** Moments are created lazily in {@code manager}. */
    public AdamW(NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
        this.manager = manager;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Updates one parameter in place; call {@link #finishStep()} once after all parameters. */
    public void update(String name, NDArray weight, NDArray grad, double lr) {
        NDArray m = first.computeIfAbsent(name, k -> manager.zeros(weight.getShape(), weight.getDataType()));
        NDArray v = second.computeIfAbsent(name, k -> manager.zeros(weight.getShape(), weight.getDataType()));
        long t = updates + 1;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        NoGrad noGrad = new NoGrad();
        try {
            if (weightDecay > 0 && weight.getShape().dimension() >= 2) {
                weight.muli(1 - lr * weightDecay);
            }
            try (NDArray g1 = grad.mul(1 - beta1)) {
                m.muli(beta1).addi(g1);
            }
            try (NDArray g2 = grad.square()) {
                v.muli(beta2).addi(g2.muli(1 - beta2));
            }
            try (NDArray denom = v.sqrt(); NDArray step = m.div(denom.divi(Math.sqrt(bc2)).addi(eps))) {
                weight.subi(step.muli(lr / bc1));
            }
        } finally {
            noGrad.close();
        }
    }

    /** Ends one optimiser step (advances the bias-correction counter). */
    public void finishStep() {
        updates++;
    }

    /** Number of completed steps. */
    public long updates() {
        return updates;
    }

    /** First moments by parameter name (live arrays, owned by this optimiser). */
    Map<String, NDArray> firstMoments() {
        return first;
    }

    /** Second moments by parameter name (live arrays, owned by this optimiser). */
    Map<String, NDArray> secondMoments() {
        return second;
    }

    /** Replaces the state from a checkpoint; the arrays are attached to this optimiser's manager. */
    void restore(Map<String, NDArray> m, Map<String, NDArray> v, long steps) {
        first.values().forEach(NDArray::close);
        second.values().forEach(NDArray::close);
        first.clear();
        second.clear();
        m.forEach((k, a) -> {
            a.attach(manager);
            first.put(k, a);
        });
        v.forEach((k, a) -> {
            a.attach(manager);
            second.put(k, a);
        });
        updates = steps;
    }
}
