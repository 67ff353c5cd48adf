package dev.listkit.core.eval.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.util.Json;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    /** Reference fits by scikit-learn on the same data and objective: scripts/probe_reference.py. */
    @Test
    void matchesScikitLearnMultinomialLogisticRegression() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/probe-reference/sklearn-multinomial.json")) {
            ref = Json.MAPPER.readTree(in);
        }
        float[][] x = matrix(ref.get("x"));
        int[] y = new int[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = ref.get("y").get(i).asInt();
        }
        float[][] test = matrix(ref.get("test"));
        int classes = ref.get("classes").asInt();
        for (JsonNode fit : ref.get("fits")) {
            double l2 = fit.get("l2").asDouble();
            LinearProbe p = LinearProbe.fit(x, y, classes, l2);
            double[][] s = p.scores(test);
            for (int i = 0; i < test.length; i++) {
                double[] prob = softmax(s[i]);
                for (int c = 0; c < classes; c++) {
                    double want = fit.get("testProbabilities").get(i).get(c).asDouble();
                    assertEquals(want, prob[c], 2e-4, "l2 " + l2 + ", test point " + i + ", class " + c);
                }
            }
            // Coefficients directly; intercepts up to a common shift (mean removed from both).
            double[][] w = p.scores(identity(x[0].length));
            double[] b = p.scores(new float[][] {new float[x[0].length]})[0];
            double bMean = mean(b);
            double refMean = 0;
            for (int c = 0; c < classes; c++) {
                refMean += fit.get("intercept").get(c).asDouble() / classes;
            }
            for (int c = 0; c < classes; c++) {
                assertEquals(fit.get("intercept").get(c).asDouble() - refMean, b[c] - bMean, 2e-3, "intercept " + c);
                for (int k = 0; k < x[0].length; k++) {
                    assertEquals(fit.get("coef").get(c).get(k).asDouble(), w[k][c] - b[c], 2e-3,
                            "l2 " + l2 + ", coefficient " + c + "," + k);
                }
            }
            assertEquals(fit.get("trainAccuracy").asDouble(), p.accuracy(x, y), 1e-9);
        }
    }

    @Test
    void fitsAreDeterministic() throws Exception {
        Data d = clusters(300, 16, 5, 1.0, 7);
        LinearProbe a = LinearProbe.fit(d.x, d.y, 5, 1e-3);
        LinearProbe b = LinearProbe.fit(d.x, d.y, 5, 1e-3);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(a.scores(d.x)[i], b.scores(d.x)[i], 0.0);
        }
        assertEquals(a.loss(), b.loss(), 0.0);
    }

    @Test
    void separatesClustersAndNotShuffledLabels() throws Exception {
        Data train = clusters(400, 32, 10, 0.8, 1);
        Data test = clusters(400, 32, 10, 0.8, 2);
        LinearProbe p = LinearProbe.fit(train.x, train.y, 10, 1e-3);
        assertTrue(p.accuracy(test.x, test.y) > 0.9, "separable clusters: " + p.accuracy(test.x, test.y));
        assertTrue(p.topK(test.x, test.y, 5) >= p.accuracy(test.x, test.y));
        int[] shuffled = train.y.clone();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        double control = LinearProbe.fit(train.x, shuffled, 10, 1e-3).accuracy(test.x, test.y);
        // chance 0.1; binomial sd over 400 test points ~0.015
        assertTrue(Math.abs(control - 0.1) < 0.06, "shuffled labels should be near chance: " + control);
    }

    @Test
    void selectsTheStrengthThatValidatesBest() throws Exception {
        Data d = clusters(300, 16, 5, 1.5, 11);
        boolean[] validation = new boolean[d.x.length];
        for (int i = 0; i < validation.length; i++) {
            validation[i] = i % 7 == 0; // every class on both sides (labels cycle with period 5)
        }
        LinearProbe.Selection s = LinearProbe.selectL2(d.x, d.y, 5, validation, List.of(1e-4, 1e-2, 1e2));
        assertEquals(3, s.accuracies().size());
        assertEquals(43, s.validated());
        double best = s.accuracies().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(best, s.accuracies().get(Double.toString(s.l2())), 0.0);
        assertTrue(s.accuracies().get("100.0") < best, "a huge penalty underfits: " + s.accuracies());
    }

    @Test
    void badInputIsAnError() {
        float[][] x = {{1, 0}, {0, 1}};
        assertThrows(ListkitException.class, () -> LinearProbe.fit(x, new int[] {0}, 2, 1e-3));
        assertThrows(ListkitException.class, () -> LinearProbe.fit(x, new int[] {0, 2}, 2, 1e-3));
        assertThrows(ListkitException.class, () -> LinearProbe.fit(x, new int[] {0, 1}, 2, 0));
    }

    private record Data(float[][] x, int[] y) {
    }

    /** n points around `classes` random unit-ish means in d dimensions, Gaussian noise of sd `noise`. */
    private static Data clusters(int n, int d, int classes, double noise, long seed) {
        SplittableRandom means = new SplittableRandom(99);
        double[][] mu = new double[classes][d];
        for (double[] m : mu) {
            for (int k = 0; k < d; k++) {
                m[k] = gaussian(means);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int k = 0; k < d; k++) {
                x[i][k] = (float) (mu[y[i]][k] + noise * gaussian(rnd));
            }
        }
        return new Data(x, y);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static float[][] matrix(JsonNode rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[rows.get(i).size()];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = (float) rows.get(i).get(k).asDouble();
            }
        }
        return out;
    }

    private static float[][] identity(int d) {
        float[][] out = new float[d][d];
        for (int i = 0; i < d; i++) {
            out[i][i] = 1;
        }
        return out;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = Math.exp(z[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < z.length; c++) {
            out[c] /= sum;
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
