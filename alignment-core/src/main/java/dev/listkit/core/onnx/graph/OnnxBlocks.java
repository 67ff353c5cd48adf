package dev.listkit.core.onnx.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import dev.listkit.core.onnx.graph.OnnxGraph.Attr;
import java.util.List;

/**
 * ONNX equivalents of the DJL blocks listkit models are made of (inference mode). LayerNorm and
 * BatchNorm use DJL's default epsilon (1e-5), the only one listkit builds; GELU is the exact (erf) form
 * PyTorch computes.
 */
public final class OnnxBlocks {
    /** DJL's default LayerNorm/BatchNorm epsilon. */
    public static final float EPSILON = 1e-5f;

    private OnnxBlocks() {
    }

    /** The array of a block's own parameter {@code name}; fails naming the block if it is absent. */
    public static NDArray parameter(Block block, String name) {
        for (var p : block.getDirectParameters()) {
            if (p.getKey().equals(name)) {
                Parameter param = p.getValue();
                if (!param.isInitialized()) {
                    throw new IllegalStateException(block.getClass().getSimpleName() + "." + name
                            + " is not initialised");
                }
                return param.getArray();
            }
        }
        throw new IllegalArgumentException(block.getClass().getSimpleName() + " has no parameter '" + name
                + "'; it has " + block.getDirectParameters().keys());
    }

    /** DJL {@link Linear} on the last axis: {@code x W^T (+ b)}, (..., in) → (..., units). */
    public static String linear(OnnxGraph g, Linear layer, String x, String hint) {
        NDArray w = parameter(layer, "weight"); // (units, in)
        long units = w.getShape().get(0);
        long in = w.getShape().get(1);
        float[] wt = transpose2d(w.toFloatArray(), (int) units, (int) in); // (in, units)
        String y = g.op("MatMul", x, g.initializer(hint + ".weight", wt, in, units));
        boolean bias = layer.getDirectParameters().keys().contains("bias");
        return bias ? g.op("Add", y, g.initializer(hint + ".bias", parameter(layer, "bias"))) : y;
    }

    /** DJL {@link LayerNorm} over the last axis (normalised shape (D)). */
    public static String layerNorm(OnnxGraph g, LayerNorm norm, String x, String hint) {
        return g.op("LayerNormalization", List.of(Attr.i("axis", -1), Attr.f("epsilon", EPSILON)), x,
                g.initializer(hint + ".gamma", parameter(norm, "gamma")),
                g.initializer(hint + ".beta", parameter(norm, "beta")));
    }

    /** DJL 2-D {@link Convolution} (weight (C_out, C_in/groups, kh, kw), optional bias). */
    public static String conv2d(OnnxGraph g, Convolution conv, String x, String hint) {
        long[] pad = conv.getPadding().getShape();
        List<Attr> attrs = List.of(Attr.ints("kernel_shape", conv.getKernelShape().getShape()),
                Attr.ints("strides", conv.getStride().getShape()),
                Attr.ints("dilations", conv.getDilation().getShape()),
                Attr.ints("pads", pad[0], pad[1], pad[0], pad[1]), Attr.i("group", conv.getGroups()));
        String w = g.initializer(hint + ".weight", parameter(conv, "weight"));
        return conv.isIncludeBias()
                ? g.op("Conv", attrs, x, w, g.initializer(hint + ".bias", parameter(conv, "bias")))
                : g.op("Conv", attrs, x, w);
    }

    /** DJL {@link BatchNorm} over axis 1 with its running statistics (inference). */
    public static String batchNorm(OnnxGraph g, BatchNorm bn, String x, String hint) {
        return g.op("BatchNormalization", List.of(Attr.f("epsilon", EPSILON)), x,
                g.initializer(hint + ".gamma", parameter(bn, "gamma")),
                g.initializer(hint + ".beta", parameter(bn, "beta")),
                g.initializer(hint + ".runningMean", parameter(bn, "runningMean")),
                g.initializer(hint + ".runningVar", parameter(bn, "runningVar")));
    }

    /** Exact GELU: {@code 0.5 x (1 + erf(x / sqrt 2))} (opset 17 has no Gelu operator). */
    public static String gelu(OnnxGraph g, String x) {
        String erf = g.op("Erf", g.op("Mul", x, g.scalar((float) (1 / Math.sqrt(2)))));
        return g.op("Mul", g.op("Mul", x, g.scalar(0.5f)), g.op("Add", erf, g.scalar(1f)));
    }

    /** Transpose with a permutation. */
    public static String transpose(OnnxGraph g, String x, long... perm) {
        return g.op("Transpose", List.of(Attr.ints("perm", perm)), x);
    }

    /** ReduceMean (opset 17: axes as an attribute). */
    public static String mean(OnnxGraph g, String x, boolean keepDims, long... axes) {
        return g.op("ReduceMean", List.of(Attr.ints("axes", axes), Attr.i("keepdims", keepDims ? 1 : 0)), x);
    }

    /** ReduceMax (opset 17: axes as an attribute). */
    public static String max(OnnxGraph g, String x, boolean keepDims, long... axes) {
        return g.op("ReduceMax", List.of(Attr.ints("axes", axes), Attr.i("keepdims", keepDims ? 1 : 0)), x);
    }

    static float[] transpose2d(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
