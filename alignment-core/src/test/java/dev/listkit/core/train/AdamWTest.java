package dev.listkit.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.listkit.core.ConfigException;
import org.junit.jupiter.api.Test;

class AdamWTest {
    /** torch.optim.AdamW, written out in doubles. */
    private static double[] reference(double[] w, double[][] grads, double[] lrs, double b1, double b2, double eps,
            double wd, boolean decay) {
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] x = w.clone();
        for (int t = 1; t <= grads.length; t++) {
            double lr = lrs[t - 1];
            for (int i = 0; i < x.length; i++) {
                double g = grads[t - 1][i];
                if (decay) {
                    x[i] *= 1 - lr * wd;
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                x[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
            }
        }
        return x;
    }

    @Test
    void matchesTorchAdamWFormulaWithDecoupledDecayOnMatricesOnly() {
        double[] w0 = {0.5, -1.0, 2.0, 0.25};
        double[][] grads = {{0.1, -0.2, 0.3, 0.0}, {-0.05, 0.4, 0.1, 1.0}, {0.2, 0.2, -0.3, -0.5}};
        double[] lrs = {0.1, 0.05, 0.02};
        for (boolean matrix : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Shape shape = matrix ? new Shape(2, 2) : new Shape(4);
                NDArray w = m.create(toFloat(w0), shape);
                AdamW opt = new AdamW(m, 0.9, 0.98, 1e-6, 0.3);
                for (int t = 0; t < grads.length; t++) {
                    try (NDArray g = m.create(toFloat(grads[t]), shape)) {
                        opt.update("w", w, g, lrs[t]);
                        opt.finishStep();
                    }
                }
                assertEquals(3, opt.updates());
                assertArrayEquals(toFloat(reference(w0, grads, lrs, 0.9, 0.98, 1e-6, 0.3, matrix)), w.toFloatArray(),
                        1e-6f, matrix ? "2-D: decayed" : "1-D: not decayed");
            }
        }
    }

    @Test
    void scheduleWarmsUpLinearlyThenFollowsCosineToTheFloor() throws ConfigException {
        TrainConfig cfg = TrainConfig.defaults(110, 8, 1.0).withSchedule(10, 0.1, 1.0).validate();
        LearningRateSchedule s = new LearningRateSchedule(cfg);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.55, s.at(60), 1e-12); // half way: floor + (peak - floor) / 2
        assertEquals(0.1, s.at(110), 1e-12);
        assertThrows(ConfigException.class, () -> cfg.withSchedule(200, 0.1, 1.0).validate());
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
