package dev.listkit.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Losses against plain-Java double arithmetic written here, and against torch 1.13 constants from
 * {@code loss_ref.py} (float64):
 *
 * <pre>
 * import torch, torch.nn.functional as F, math
 * torch.set_default_dtype(torch.float64)
 * a = torch.tensor([[1., 2, 0], [0, 1, 1], [2, -1, 1]])
 * b = torch.tensor([[1., 0, 1], [1, 1, 0], [0, -1, 2]])
 * an, bn = F.normalize(a, dim=1), F.normalize(b, dim=1)
 * t = torch.tensor(math.log(1 / 0.07), requires_grad=True)
 * lg = t.exp().clamp(max=100) * an @ bn.T
 * lab = torch.arange(3)
 * clip = (F.cross_entropy(lg, lab) + F.cross_entropy(lg.T, lab)) / 2
 * clip.backward()                                   # clip 4.77155599118251, t.grad 4.59077072140617
 * ts = torch.tensor(math.log(10), requires_grad=True); bias = torch.tensor(-10., requires_grad=True)
 * z = 2 * torch.eye(3) - 1
 * sig = -F.logsigmoid(z * (an @ bn.T * ts.exp() + bias)).sum() / 3
 * sig.backward()              # sig 5.696480300026388, ts.grad -2.7182687863118766, bias.grad -0.7969705512752243
 * logits = torch.tensor([[[0.5, -1.0, 2.0, 0.1], [1.5, 0.3, -0.2, 0.0], [0.0, 0.0, 0.0, 3.0]],
 *                        [[-0.7, 0.2, 0.9, 1.1], [2.0, 1.0, 0.0, -1.0], [0.3, 0.3, 0.3, 0.3]]])
 * targets = torch.tensor([[2, 1, 0], [3, 0, 0]])
 * F.cross_entropy(logits.reshape(-1, 4), targets.reshape(-1), ignore_index=0, label_smoothing=ls)
 *                                                   # ls=0: 0.9862306985712626, ls=0.1: 1.0603973652379293
 * </pre>
 */
class LossTest {
    static final float[][] A = {{1, 2, 0}, {0, 1, 1}, {2, -1, 1}};
    static final float[][] B = {{1, 0, 1}, {1, 1, 0}, {0, -1, 2}};
    static final float[][][] LOGITS = {
            {{0.5f, -1.0f, 2.0f, 0.1f}, {1.5f, 0.3f, -0.2f, 0.0f}, {0.0f, 0.0f, 0.0f, 3.0f}},
            {{-0.7f, 0.2f, 0.9f, 1.1f}, {2.0f, 1.0f, 0.0f, -1.0f}, {0.3f, 0.3f, 0.3f, 0.3f}}};
    static final int[][] TARGETS = {{2, 1, 0}, {3, 0, 0}};

    static NDArray matrix(NDManager m, float[][] rows) {
        return m.create(rows);
    }

    static NDArray logits(NDManager m) {
        float[] flat = new float[2 * 3 * 4];
        int k = 0;
        for (float[][] seq : LOGITS) {
            for (float[] tok : seq) {
                for (float v : tok) {
                    flat[k++] = v;
                }
            }
        }
        return m.create(flat, new ai.djl.ndarray.types.Shape(2, 3, 4));
    }

    /** Cosine-similarity matrix in doubles. */
    static double[][] cosine(float[][] a, float[][] b) {
        double[][] s = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double dot = 0, na = 0, nb = 0;
                for (int d = 0; d < a[i].length; d++) {
                    dot += a[i][d] * b[j][d];
                    na += a[i][d] * a[i][d];
                    nb += b[j][d] * b[j][d];
                }
                s[i][j] = dot / Math.sqrt(na * nb);
            }
        }
        return s;
    }

    /** Symmetric InfoNCE with plain doubles. */
    static double clipReference(double scale) {
        double[][] s = cosine(A, B);
        int n = s.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double row = 0, col = 0;
            for (int j = 0; j < n; j++) {
                row += Math.exp(scale * s[i][j]);
                col += Math.exp(scale * s[j][i]);
            }
            loss += (Math.log(row) - scale * s[i][i]) + (Math.log(col) - scale * s[i][i]);
        }
        return loss / (2.0 * n);
    }

    @Test
    void clipMatchesDoubleArithmeticAndTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = ClipLoss.newLogScale(m);
            float got = ClipLoss.defaults().compute(matrix(m, A), matrix(m, B), t).getFloat();
            assertEquals(clipReference(1 / 0.07), got, 1e-4);
            assertEquals(4.77155599118251, got, 1e-4);
        }
    }

    @Test
    void clipGradientReachesLogScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = ClipLoss.newLogScale(m);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ClipLoss.defaults().compute(matrix(m, A), matrix(m, B), t);
                gc.backward(loss);
            }
            double grad = t.getGradient().getFloat();
            // torch: 4.59077072140617; central difference on the double reference as a second check
            double h = 1e-5, s = 1 / 0.07;
            double numeric = (clipReference(Math.exp(Math.log(s) + h)) - clipReference(Math.exp(Math.log(s) - h))) / (2 * h);
            assertEquals(4.59077072140617, grad, 1e-3);
            assertEquals(numeric, grad, 1e-3);
        }
    }

    @Test
    void clipScaleIsCappedAndCapStopsGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create((float) Math.log(500));
            t.setRequiresGradient(true);
            ClipLoss loss = ClipLoss.defaults();
            assertEquals(100f, loss.scale(t).getFloat(), 1e-3);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.compute(matrix(m, A), matrix(m, B), t);
                assertEquals(clipReference(100), l.getFloat(), 1e-3);
                gc.backward(l);
            }
            assertEquals(0f, t.getGradient().getFloat(), 0f);
        }
    }

    @Test
    void clampInPlaceKeepsParameterInZeroToLog100() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray high = m.create(7f);
            NDArray low = m.create(-3f);
            NDArray mid = m.create(2f);
            ClipLoss loss = ClipLoss.defaults();
            loss.clampInPlace(high);
            loss.clampInPlace(low);
            loss.clampInPlace(mid);
            assertEquals(Math.log(100), high.getFloat(), 1e-6);
            assertEquals(0f, low.getFloat(), 0f);
            assertEquals(2f, mid.getFloat(), 0f);
        }
    }

    @Test
    void clampInPlaceWorksOnATrainedParameter() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(6f);
            t.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ClipLoss.defaults().compute(matrix(m, A), matrix(m, B), t));
            }
            ClipLoss.defaults().clampInPlace(t);
            assertEquals(Math.log(100), t.getFloat(), 1e-6);
            // still a parameter: a second step produces a gradient again (below the cap now: exp(ln 100) = 100)
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ClipLoss.defaults().compute(matrix(m, A), matrix(m, B), t));
            }
            assertTrue(t.hasGradient());
        }
    }

    @Test
    void siglipMatchesDoubleArithmeticAndTorchWithGradients() {
        double[][] s = cosine(A, B);
        double ref = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double z = i == j ? 1 : -1;
                double x = z * (10 * s[i][j] - 10);
                ref += Math.log1p(Math.exp(-x)); // -log sigmoid(x)
            }
        }
        ref /= 3;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = SigLipLoss.newLogScale(m);
            NDArray bias = SigLipLoss.newBias(m);
            float got;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new SigLipLoss().compute(matrix(m, A), matrix(m, B), t, bias);
                got = loss.getFloat();
                gc.backward(loss);
            }
            assertEquals(ref, got, 1e-4);
            assertEquals(5.696480300026388, got, 1e-4);
            assertEquals(-2.7182687863118766, t.getGradient().getFloat(), 1e-4);
            assertEquals(-0.7969705512752243, bias.getGradient().getFloat(), 1e-4);
        }
    }

    /** Masked, smoothed cross-entropy in doubles. */
    static double captionReference(int pad, double eps) {
        double sum = 0;
        int count = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                if (TARGETS[b][t] == pad) {
                    continue;
                }
                float[] z = LOGITS[b][t];
                double lse = 0;
                for (float v : z) {
                    lse += Math.exp(v);
                }
                lse = Math.log(lse);
                double nll = lse - z[TARGETS[b][t]];
                double uniform = 0;
                for (float v : z) {
                    uniform += (lse - v) / z.length;
                }
                sum += (1 - eps) * nll + eps * uniform;
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void captionLossIgnoresPadAndSmoothsLikeTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray targets = m.create(TARGETS);
            float plain = new CaptionLoss(0, 0).compute(logits(m), targets).getFloat();
            float smooth = new CaptionLoss(0, 0.1).compute(logits(m), targets).getFloat();
            assertEquals(captionReference(0, 0), plain, 1e-5);
            assertEquals(0.9862306985712626, plain, 1e-5);
            assertEquals(captionReference(0, 0.1), smooth, 1e-5);
            assertEquals(1.0603973652379293, smooth, 1e-5);
        }
    }

    @Test
    void captionLossAcceptsPadIdOutsideVocabulary() {
        int[][] withMinus100 = {{2, 1, -100}, {3, -100, -100}};
        try (NDManager m = NDManager.newBaseManager()) {
            float got = new CaptionLoss(-100, 0).compute(logits(m), m.create(withMinus100)).getFloat();
            // same real tokens as TARGETS with pad 0 at the same places
            assertEquals(captionReference(0, 0), got, 1e-5);
        }
    }

    @Test
    void captionGradientFlowsToLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = logits(m);
            logits.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new CaptionLoss(0, 0).compute(logits, m.create(TARGETS)));
            }
            float[] g = logits.getGradient().toFloatArray(); // (2, 3, 4) flattened
            // position (0,0), target 2: dL/dz_v = (softmax_v - [v==2]) / 3 real tokens
            float[] z = LOGITS[0][0];
            double norm = 0;
            for (float v : z) {
                norm += Math.exp(v);
            }
            for (int v = 0; v < 4; v++) {
                double expected = (Math.exp(z[v]) / norm - (v == 2 ? 1 : 0)) / 3;
                assertEquals(expected, g[v], 1e-5);
            }
            // pad position (0,2) gets no gradient
            for (int v = 8; v < 12; v++) {
                assertEquals(0f, g[v], 0f);
            }
        }
    }

    @Test
    void cocaWeightsCombineParts() {
        try (NDManager m = NDManager.newBaseManager()) {
            CocaLoss coca = new CocaLoss(new CocaLossWeights(0.5, 2), ClipLoss.defaults(), new CaptionLoss(0, 0));
            CocaLoss.Output out = coca.compute(matrix(m, A), matrix(m, B), ClipLoss.newLogScale(m), logits(m), m.create(TARGETS));
            assertEquals(clipReference(1 / 0.07), out.contrastive().getFloat(), 1e-4);
            assertEquals(captionReference(0, 0), out.caption().getFloat(), 1e-5);
            assertEquals(0.5 * clipReference(1 / 0.07) + 2 * captionReference(0, 0), out.total().getFloat(), 1e-4);
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CocaLossWeights(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new CocaLossWeights(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CaptionLoss(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ClipLoss(0));
    }
}
