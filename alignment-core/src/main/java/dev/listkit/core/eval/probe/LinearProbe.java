package dev.listkit.core.eval.probe;

import dev.listkit.core.ListkitException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import smile.math.BFGS;
import smile.math.DifferentiableMultivariateFunction;

/**
 * A linear probe: multinomial logistic regression on frozen embeddings, the companion of zero-shot
 * accuracy in the CLIP and CLAP papers. It minimises the mean cross-entropy of the softmax over
 * {@code W x + b} plus {@code (l2 / 2) ||W||²} (the bias is not penalised), with every class its own weights
 * (the symmetric parameterisation of scikit-learn's {@code LogisticRegression(multi_class="multinomial")},
 * whose {@code C} is {@code 1 / (l2 · N)}), by L-BFGS from zero weights: Smile's {@code BFGS.minimize}
 * (a well-tested line search), with the objective and gradient here, summed in a fixed order, so a fit is
 * deterministic. Smile's own {@code LogisticRegression.multinomial} is not used: it fixes the last class's
 * weights at zero and penalises only the others, which gives a different optimum under L2.
 *
 * <pre>{@code
 * LinearProbe p = LinearProbe.fit(train, trainLabels, classes, 1e-3);   // (N, D), (N)
 * int[] predicted = p.predict(test);
 * }</pre>
 */
public final class LinearProbe {
    /** L-BFGS history size. */
    private static final int MEMORY = 10;
    /** Convergence tolerance on the gradient (Smile's relative criterion). */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Iterations at most. */
    private static final int MAX_ITERATIONS = 1000;

    private final double[][] weights; // (C, D)
    private final double[] bias;      // (C)
    private final double l2;
    private final double loss;

    private LinearProbe(double[][] weights, double[] bias, double l2, double loss) {
        this.weights = weights;
        this.bias = bias;
        this.l2 = l2;
        this.loss = loss;
    }

    /**
     * Fits the probe.
     *
     * @param x       (N, D) embeddings
     * @param y       (N) class indices in [0, classes)
     * @param classes number of classes C (a class without samples gets a low bias)
     * @param l2      the L2 strength, > 0
     * @throws ListkitException when the inputs do not fit together
     */
    public static LinearProbe fit(float[][] x, int[] y, int classes, double l2) throws ListkitException {
        if (x.length == 0 || x.length != y.length) {
            throw new ListkitException("linear probe: " + x.length + " embeddings and " + y.length + " labels");
        }
        if (!(l2 > 0) || classes < 2) {
            throw new ListkitException("linear probe: needs l2 > 0 and at least 2 classes, got " + l2 + ", " + classes);
        }
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d || y[i] < 0 || y[i] >= classes) {
                throw new ListkitException("linear probe: sample " + i + " has " + x[i].length + " dimensions (not "
                        + d + ") or label " + y[i] + " outside [0, " + classes + ")");
            }
        }
        Objective f = new Objective(x, y, classes, l2);
        double[] w = new double[classes * (d + 1)];
        double loss;
        try {
            loss = BFGS.minimize(f, MEMORY, w, GRADIENT_TOLERANCE, MAX_ITERATIONS);
        } catch (IllegalArgumentException e) {
            throw new ListkitException("linear probe: L-BFGS failed: " + e.getMessage(), e);
        }
        double[][] weights = new double[classes][d];
        double[] bias = new double[classes];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(w, c * (d + 1), weights[c], 0, d);
            bias[c] = w[c * (d + 1) + d];
        }
        return new LinearProbe(weights, bias, l2, loss);
    }

    /**
     * The L2 strength of {@code grid} with the best accuracy on the validation samples when fitted on the
     * others (ties: the stronger, simpler one).
     *
     * @param validation (N) true for the samples held out to choose with
     * @return the choice and the validation accuracy of every candidate
     */
    public static Selection selectL2(float[][] x, int[] y, int classes, boolean[] validation, List<Double> grid)
            throws ListkitException {
        List<float[]> fx = new ArrayList<>();
        List<float[]> vx = new ArrayList<>();
        List<Integer> fy = new ArrayList<>();
        List<Integer> vy = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            (validation[i] ? vx : fx).add(x[i]);
            (validation[i] ? vy : fy).add(y[i]);
        }
        if (fx.isEmpty() || vx.isEmpty()) {
            throw new ListkitException("linear probe: choosing l2 needs samples on both sides of the validation split,"
                    + " got " + fx.size() + " to fit and " + vx.size() + " to validate");
        }
        float[][] fitX = fx.toArray(float[][]::new);
        int[] fitY = fy.stream().mapToInt(Integer::intValue).toArray();
        float[][] valX = vx.toArray(float[][]::new);
        int[] valY = vy.stream().mapToInt(Integer::intValue).toArray();
        Map<String, Double> accuracies = new LinkedHashMap<>();
        double best = Double.NaN;
        double bestAccuracy = -1;
        for (double l2 : grid) {
            double a = fit(fitX, fitY, classes, l2).accuracy(valX, valY);
            accuracies.put(Double.toString(l2), a);
            if (a > bestAccuracy || a == bestAccuracy && l2 > best) {
                best = l2;
                bestAccuracy = a;
            }
        }
        return new Selection(best, fitX.length, valX.length, accuracies);
    }

    /**
     * The chosen L2 strength.
     *
     * @param l2         the choice
     * @param fitted     samples fitted on while choosing
     * @param validated  samples validated on
     * @param accuracies validation accuracy per candidate (key: the candidate as written by Java)
     */
    public record Selection(double l2, int fitted, int validated, Map<String, Double> accuracies) {
    }

    /** (N, C) class scores {@code W x + b}. */
    public double[][] scores(float[][] x) {
        double[][] out = new double[x.length][weights.length];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < weights.length; c++) {
                double z = bias[c];
                for (int k = 0; k < x[i].length; k++) {
                    z += weights[c][k] * x[i][k];
                }
                out[i][c] = z;
            }
        }
        return out;
    }

    /** (N) the class of highest score per sample (the lowest index among equals). */
    public int[] predict(float[][] x) {
        double[][] s = scores(x);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = argMax(s[i]);
        }
        return out;
    }

    /** Top-1 accuracy on labelled samples. */
    public double accuracy(float[][] x, int[] y) {
        return topK(x, y, 1);
    }

    /** Top-k accuracy: the true class among the k highest scores (a class scoring equal to it counts below). */
    public double topK(float[][] x, int[] y, int k) {
        double[][] s = scores(x);
        int hits = 0;
        for (int i = 0; i < x.length; i++) {
            int above = 0;
            for (int c = 0; c < s[i].length; c++) {
                above += s[i][c] > s[i][y[i]] ? 1 : 0;
            }
            hits += above < k ? 1 : 0;
        }
        return x.length == 0 ? 0 : (double) hits / x.length;
    }

    /** The L2 strength it was fitted with. */
    public double l2() {
        return l2;
    }

    /** The objective at the optimum found: mean cross-entropy plus the L2 term. */
    public double loss() {
        return loss;
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Mean softmax cross-entropy + (l2 / 2)·||W||² over parameters laid out per class as {@code [w_c (D), b_c]}. */
    private static final class Objective implements DifferentiableMultivariateFunction {
        private static final long serialVersionUID = 1L;
        private final float[][] x;
        private final int[] y;
        private final int classes;
        private final double l2;

        Objective(float[][] x, int[] y, int classes, double l2) {
            this.x = x;
            this.y = y;
            this.classes = classes;
            this.l2 = l2;
        }

        @Override
        public double f(double[] w) {
            return g(w, null);
        }

        @Override
        public double g(double[] w, double[] gradient) {
            int d = x[0].length;
            int stride = d + 1;
            int n = x.length;
            if (gradient != null) {
                java.util.Arrays.fill(gradient, 0);
            }
            double[] z = new double[classes]; // (C) scores, then probabilities
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = w[c * stride + d];
                    for (int k = 0; k < d; k++) {
                        s += w[c * stride + k] * x[i][k];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(z[c] - max);
                }
                double logSum = max + Math.log(sum);
                loss += logSum - z[y[i]];
                if (gradient != null) {
                    for (int c = 0; c < classes; c++) {
                        double err = Math.exp(z[c] - logSum) - (c == y[i] ? 1 : 0); // p_ic − 1[y_i = c]
                        for (int k = 0; k < d; k++) {
                            gradient[c * stride + k] += err * x[i][k];
                        }
                        gradient[c * stride + d] += err;
                    }
                }
            }
            double penalty = 0;
            for (int c = 0; c < classes; c++) {
                for (int k = 0; k < d; k++) {
                    double v = w[c * stride + k];
                    penalty += v * v;
                }
            }
            if (gradient != null) {
                for (int j = 0; j < gradient.length; j++) {
                    gradient[j] /= n;
                }
                for (int c = 0; c < classes; c++) {
                    for (int k = 0; k < d; k++) {
                        gradient[c * stride + k] += l2 * w[c * stride + k];
                    }
                }
            }
            return loss / n + 0.5 * l2 * penalty;
        }
    }
}
